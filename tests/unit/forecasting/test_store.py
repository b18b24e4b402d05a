import datetime as dt
import re

import duckdb
import pandas as pd
import pytest

from forecasting.store import TABLES, VersionOverwriteError, ensure_sop_schema, write_version


def forecast(version: str, yhat: float) -> pd.DataFrame:
    months = pd.date_range(pd.Timestamp(version + "-01") + pd.DateOffset(months=1), periods=3, freq="MS")
    return pd.DataFrame({
        "level": "product_region", "unique_id": "P1/华东", "product_code": "P1", "category_l1": "饮料",
        "region": "华东", "ds": months, "model": "AutoETS", "segment": "smooth", "yhat": yhat,
        "yhat_lo_80": yhat - 1, "yhat_hi_80": yhat + 1, "yhat_lo_95": yhat - 2, "yhat_hi_95": yhat + 2,
    })


def dump(con) -> list[tuple]:
    return con.execute("select * from sop.forecast order by all").fetchall()


@pytest.fixture
def con():
    connection = duckdb.connect()
    yield connection
    connection.close()


def test_rerun_of_a_version_gives_identical_rows_including_created_at(con):
    write_version(con, "2026-01", forecast("2026-01", 10.0), dt.datetime(2026, 2, 3, 8, 0))
    first = dump(con)
    write_version(con, "2026-01", forecast("2026-01", 10.0), dt.datetime(2026, 2, 9, 8, 0))
    assert dump(con) == first
    assert first[0][-1] == dt.datetime(2026, 2, 3, 8, 0)
    assert [row[7] for row in first] == [1, 2, 3]  # lag


def test_rerun_replaces_only_its_own_version(con):
    write_version(con, "2026-01", forecast("2026-01", 10.0), dt.datetime(2026, 2, 3))
    write_version(con, "2026-02", forecast("2026-02", 20.0), dt.datetime(2026, 3, 3))
    write_version(con, "2026-02", forecast("2026-02", 20.0), dt.datetime(2026, 3, 4))
    rows = con.execute("select forecast_version, max(yhat), count(*) from sop.forecast group by 1 order by 1").fetchall()
    assert rows == [("2026-01", 10.0, 3), ("2026-02", 20.0, 3)]


def test_a_written_statistical_version_is_never_overwritten_with_other_numbers(con):
    write_version(con, "2026-01", forecast("2026-01", 10.0), dt.datetime(2026, 2, 3))
    before = dump(con)
    with pytest.raises(VersionOverwriteError, match="拒绝覆盖"):
        write_version(con, "2026-01", forecast("2026-01", 10.5), dt.datetime(2026, 2, 9))
    assert dump(con) == before
    assert con.execute("select forecast_version, table_name, row_count, first_written_at from sop.version_ledger"
                       ).fetchall() == [("2026-01", "forecast", 3, dt.datetime(2026, 2, 3))]


def test_frame_of_another_version_or_outside_the_horizon_is_refused_and_nothing_changes(con):
    write_version(con, "2026-01", forecast("2026-01", 10.0), dt.datetime(2026, 2, 3))
    before = dump(con)
    with pytest.raises(ValueError, match="other versions"):
        write_version(con, "2026-01", forecast("2026-02", 5.0).assign(forecast_version="2026-02"), dt.datetime.now())
    with pytest.raises(ValueError, match="horizon"):
        write_version(con, "2026-01", forecast("2026-06", 5.0), dt.datetime.now())
    assert dump(con) == before


def test_failed_insert_rolls_back_the_delete(con):
    write_version(con, "2026-01", forecast("2026-01", 10.0), dt.datetime(2026, 2, 3))
    before = dump(con)
    duplicated = pd.concat([forecast("2026-01", 1.0)] * 2)
    with pytest.raises(duckdb.ConstraintException):
        write_version(con, "2026-01", duplicated, dt.datetime.now())
    assert dump(con) == before


def test_every_sop_table_and_column_has_a_bilingual_comment(con):
    ensure_sop_schema(con)
    tables = con.execute("select table_name, comment from duckdb_tables() where schema_name = 'sop'").fetchall()
    assert {name for name, _ in tables} == set(TABLES)
    columns = con.execute("select table_name, column_name, comment from duckdb_columns() where schema_name = 'sop'").fetchall()
    for table, column, comment in [(name, None, comment) for name, comment in tables] + columns:
        assert comment and "/ " in comment and re.search("[\u4e00-\u9fff]", comment), (table, column)


def test_outputs_of_the_library_fit_their_tables(con):
    from forecasting.accuracy import accuracy_table
    from forecasting.consensus import apply_overrides
    from forecasting.replenishment import plan_replenishment

    stat = forecast("2026-01", 10.0).rename(columns={"ds": "month"}).assign(forecast_version="2026-01")
    consensus = apply_overrides(stat, pd.DataFrame(columns=["level"]))
    assert write_version(con, "2026-01", consensus, dt.datetime(2026, 2, 3), table="consensus_forecast") == 3
    actuals = pd.DataFrame({"unique_id": "P1/华东", "ds": stat["month"], "y": 9.0})
    accuracy = accuracy_table(stat, actuals)
    assert write_version(con, "2026-01", accuracy, dt.datetime(2026, 2, 3), table="forecast_accuracy") == 3
    inventory = pd.DataFrame([{"warehouse_code": "WH1", "product_code": "P1", "on_hand_qty": 5.0, "in_transit_qty": 0.0}])
    plan = plan_replenishment("2026-01", stat, inventory, pd.DataFrame(columns=["warehouse_code", "sku", "lead_time_days", "moq", "service_level"]))
    assert write_version(con, "2026-01", plan, dt.datetime(2026, 2, 3), table="replenishment") == 3
