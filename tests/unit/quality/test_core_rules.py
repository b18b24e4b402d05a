import pandas as pd

from forecasting.store import write_version
from quality.core_rules import core_rules, customer_xref_rule, forecast_rules, reference_rules, unknown_share_rules
from quality.engine import evaluate
from quality.rules import RuleSettings
from tests.unit.quality.helpers import NOW

FORECAST_DDL = """create schema if not exists sop;
create table sop.forecast (forecast_version varchar, level varchar, unique_id varchar, month date, lag integer,
    model varchar, segment varchar, yhat double, yhat_lo_80 double, yhat_hi_80 double, yhat_lo_95 double,
    yhat_hi_95 double, created_at timestamp)"""


def _marts(con, product_codes, customer_codes):
    con.execute("create schema core")
    con.execute("create table core.dim_product as select * from (values ('P1'), ('UNKNOWN')) t(product_code)")
    con.execute("create table core.fct_sales_line (product_code varchar, customer_code varchar)")
    con.executemany("insert into core.fct_sales_line values (?, ?)", list(zip(product_codes, customer_codes, strict=True)))


def by_suffix(results):
    return {r.rule.id.split(".", 2)[-1]: r for r in results}


def test_reference_rule_finds_fact_codes_missing_from_the_dimension(con):
    _marts(con, ["P1", "P1", "P9"], ["C1", "C1", "C1"])
    rules = [r for r in reference_rules() if r.id == "core.fct_sales_line.product_code_in_dim_product"]
    [result] = evaluate(con, rules)
    assert result.status == "failed" and result.failing_samples == ({"product_code": "P9"},)


def test_unknown_share_fails_only_above_the_threshold(con):
    _marts(con, ["P1"] * 97 + ["UNKNOWN"] * 3, ["C1"] * 100)
    share = [r for r in unknown_share_rules(RuleSettings(now=NOW, max_unknown_percent=2.0))
             if r.id == "core.fct_sales_line.product_code_unknown_share"]
    assert evaluate(con, share)[0].status == "failed"
    loose = [r for r in unknown_share_rules(RuleSettings(now=NOW, max_unknown_percent=5.0)) if r.id == share[0].id]
    assert evaluate(con, loose)[0].status == "passed"


def test_customer_xref_source_key_with_two_golden_codes(con):
    con.execute("create schema core")
    con.execute("create table core.customer_xref as select * from (values ('crm', 'A1', 'C1'), ('erp', 'K1', 'C1'),"
                " ('erp', 'K2', 'C2'), ('erp', 'K2', 'C3')) t(source_system, source_key, customer_code)")
    result = evaluate(con, [customer_xref_rule()])[0]
    assert result.status == "failed" and result.unexpected_count == 2


def test_forecast_rules_are_skipped_with_a_reason_without_the_table(con):
    results = evaluate(con, forecast_rules())
    assert {r.status for r in results} == {"skipped"}
    assert "sop.forecast" in results[0].detail


def test_forecast_rules_catch_horizon_negative_and_interval_order(con):
    con.execute(FORECAST_DDL)
    good = [("2026-11", "total", "T", f"2026-{11 + lag:02d}-01" if lag < 2 else f"2027-{lag - 1:02d}-01", lag,
             "ets", None, 10.0, 8.0, 12.0, 6.0, 14.0, NOW) for lag in range(1, 5)]
    short = [("2026-11", "total", "U", "2026-12-01", 1, "ets", None, -1.0, 8.0, 12.0, 9.0, 14.0, NOW)]
    con.executemany(f"insert into sop.forecast values ({', '.join('?' * 13)})", good + short)
    found = by_suffix(evaluate(con, forecast_rules()))
    assert found["horizon"].unexpected_count == 1 and found["horizon"].failing_samples[0]["unique_id"] == "U"
    assert found["yhat_non_negative"].unexpected_count == 1
    assert found["interval_order"].unexpected_count == 1  # lo95 9 > lo80 8 and yhat below lo80


def test_core_rules_skip_when_marts_are_not_built(con):
    assert {r.status for r in evaluate(con, core_rules(RuleSettings(now=NOW)))} == {"skipped"}


def _sop_version(con, version: str, series: list[str], yhat: float = 10.0) -> None:
    months = pd.date_range(pd.Timestamp(version + "-01") + pd.DateOffset(months=1), periods=3, freq="MS")
    frame = pd.DataFrame([{"level": "product_region", "unique_id": uid, "product_code": uid.split("/")[0],
                           "category_l1": "饮料", "region": uid.split("/")[1], "ds": month, "model": "AutoETS",
                           "segment": "smooth", "yhat": yhat, "yhat_lo_80": yhat - 1, "yhat_hi_80": yhat + 1,
                           "yhat_lo_95": yhat - 2, "yhat_hi_95": yhat + 2} for uid in series for month in months])
    write_version(con, version, frame, NOW)


def test_every_series_with_recent_sales_must_be_in_the_newest_version(con):
    con.execute("create schema core")
    con.execute("create table core.dim_product as select * from (values ('P1'), ('P2'), ('P3')) t(product_code)")
    con.execute("create table core.fct_sales_line as select * from (values"
                " ('P1', '华东', date '2026-10-05', 5, true), ('P2', '华东', date '2026-06-01', 3, true),"
                " ('P3', '华北', date '2026-09-09', 2, true), ('P3', '华北', date '2026-09-10', -2, true),"
                " ('P2', '华南', date '2026-03-01', 4, true)) t(product_code, region, sale_date, qty, is_revenue)")
    _sop_version(con, "2026-09", ["P1/华东"])  # an older version is not judged
    _sop_version(con, "2026-10", ["P1/华东"])
    found = by_suffix(evaluate(con, forecast_rules()))["active_series_covered"]
    # P2/华东 sold in June (within six months of October); P3's sale was returned; P2/华南 is older
    assert (found.status, found.unexpected_count, found.element_count) == ("failed", 1, 2)
    assert found.failing_samples[0] == {"forecast_version": "2026-10", "unique_id": "P2/华东"}


def test_a_changed_forecast_version_fails_the_ledger_rule(con):
    con.execute("create schema core; create table core.dim_product (product_code varchar);"
                " create table core.fct_sales_line (product_code varchar, region varchar, sale_date date,"
                " qty integer, is_revenue boolean)")
    _sop_version(con, "2026-09", ["P1/华东"])
    _sop_version(con, "2026-10", ["P1/华东", "P2/华东"])
    assert by_suffix(evaluate(con, forecast_rules()))["version_not_overwritten"].status == "passed"
    con.execute("update sop.forecast set yhat = yhat * 1.1 where forecast_version = '2026-09' and lag = 2")
    found = by_suffix(evaluate(con, forecast_rules()))["version_not_overwritten"]
    assert (found.status, found.unexpected_count, found.element_count) == ("failed", 1, 2)
    assert found.failing_samples[0]["forecast_version"] == "2026-09"
