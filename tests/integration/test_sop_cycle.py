"""S&OP cycles on a small hand-made warehouse: honest backfills, idempotent reruns, coherent levels."""

import datetime as dt

import duckdb
import numpy as np
import pandas as pd
import pytest

from forecasting.cycle import build_version
from forecasting.evaluation import refresh_accuracy

pytestmark = pytest.mark.integration

CREATED = dt.datetime(2026, 11, 3, 6, 0)
PRODUCTS = {"SKU-1": "饮料", "SKU-2": "饮料", "SKU-3": "零食"}
REGIONS = ("华东", "华南")


def _warehouse(path, months: int = 36) -> duckdb.DuckDBPyConnection:
    """Core facts for 3 products × 2 regions over `months` months ending 2026-10, seasonal with noise."""
    rng = np.random.default_rng(7)
    rows = []
    for month in pd.date_range(end="2026-10-01", periods=months, freq="MS"):
        for index, (product, region) in enumerate((p, r) for p in PRODUCTS for r in REGIONS):
            level = 40 + 10 * index + 15 * np.sin(2 * np.pi * month.month / 12)
            rows.append((month.date() + dt.timedelta(days=9), product, region, "WH-SH" if index % 2 else "WH-GZ",
                         float(max(0, round(level + rng.normal(0, 4))))))
    con = duckdb.connect(str(path))
    con.execute("create schema core; create schema staging")
    con.execute("create table core.fct_sales_line (sale_date date, product_code varchar, region varchar,"
                " warehouse_code varchar, qty decimal(18, 4), is_revenue boolean)")
    con.executemany("insert into core.fct_sales_line values (?, ?, ?, ?, ?, true)", rows)
    con.execute("create table core.dim_product (product_code varchar, category_l1 varchar)")
    con.executemany("insert into core.dim_product values (?, ?)", list(PRODUCTS.items()))
    con.execute("create table core.fct_inventory_daily (snapshot_date date, warehouse_code varchar,"
                " product_code varchar, on_hand_qty decimal(18, 4), in_transit_qty decimal(18, 4))")
    for day in ("2026-06-30", "2026-10-31"):
        con.executemany("insert into core.fct_inventory_daily values (?, ?, ?, ?, 0)",
                        [(day, warehouse, product, 120) for warehouse in ("WH-SH", "WH-GZ") for product in PRODUCTS])
    con.execute("create table staging.stg_erp__supply_params (warehouse_code varchar, sku varchar,"
                " lead_time_days integer, moq decimal(18, 4), service_level decimal(18, 4))")
    con.execute("insert into staging.stg_erp__supply_params values ('WH-SH', 'SKU-1', 45, 50, 0.95)")
    return con


def _table(con, table: str, version: str) -> pd.DataFrame:
    return con.execute(f"select * from sop.{table} where forecast_version = ? order by all", [version]).df()


def test_a_rerun_of_a_version_gives_the_same_tables_and_leaves_other_versions_alone(tmp_path):
    con = _warehouse(tmp_path / "w.duckdb")
    build_version(con, "2026-09", CREATED, horizon=3, n_windows=1)
    build_version(con, "2026-10", CREATED, horizon=3, n_windows=1)
    before = {t: _table(con, t, "2026-10") for t in ("forecast", "consensus_forecast", "replenishment")}
    september = _table(con, "forecast", "2026-09")
    build_version(con, "2026-10", CREATED + dt.timedelta(days=30), horizon=3, n_windows=1)
    for table, frame in before.items():
        pd.testing.assert_frame_equal(_table(con, table, "2026-10"), frame, obj=table)
    pd.testing.assert_frame_equal(_table(con, "forecast", "2026-09"), september)


def test_a_backfilled_version_never_sees_later_actuals(tmp_path):
    con = _warehouse(tmp_path / "w.duckdb")
    build_version(con, "2026-06", CREATED, horizon=3, n_windows=1)
    honest = _table(con, "forecast", "2026-06")
    # change every month after the version: a version that peeked would change with them
    con.execute("update core.fct_sales_line set qty = qty * 5 where sale_date > date '2026-06-30'")
    con.execute("delete from core.fct_inventory_daily where snapshot_date > date '2026-06-30'")
    con.execute("delete from sop.forecast")
    build_version(con, "2026-06", CREATED, horizon=3, n_windows=1)
    pd.testing.assert_frame_equal(_table(con, "forecast", "2026-06"), honest)
    assert sorted(honest["month"].dt.strftime("%Y-%m").unique()) == ["2026-07", "2026-08", "2026-09"]


def test_levels_add_up_and_intervals_are_ordered_and_non_negative(tmp_path):
    con = _warehouse(tmp_path / "w.duckdb")
    build_version(con, "2026-10", CREATED, horizon=6, n_windows=1)
    forecast = _table(con, "forecast", "2026-10")
    assert set(forecast["level"]) == {"total", "category_l1", "category_l1_region", "product_region"}
    assert forecast.groupby("level")["month"].nunique().eq(6).all()
    sums = forecast.groupby(["level", "month"])["yhat"].sum().unstack("level")
    for level in ("category_l1", "category_l1_region", "product_region"):
        np.testing.assert_allclose(sums[level], sums["total"], rtol=1e-9)
    bounds = forecast[["yhat_lo_95", "yhat_lo_80", "yhat", "yhat_hi_80", "yhat_hi_95"]].to_numpy()
    assert (bounds >= 0).all() and (np.diff(bounds, axis=1) >= -1e-9).all()
    bottom = forecast[forecast["level"] == "product_region"]
    assert bottom["segment"].str.fullmatch("[ABC][XYZ]").all() and bottom["model"].notna().all()


def test_overrides_land_in_the_consensus_and_bad_rows_are_rejected_with_a_reason(tmp_path):
    con = _warehouse(tmp_path / "w.duckdb")
    overrides = tmp_path / "landing" / "sop" / "overrides"
    overrides.mkdir(parents=True)
    (overrides / "overrides_2026-10.csv").write_text(
        "forecast_version,level,product_code,category_l1,region,month,override_qty,adjust_pct,planner,reason\n"
        "2026-10,product_region,SKU-1,,华东,2026-11,500,,王敏,新客户首单 / first order of a new customer\n"
        "2026-10,category_l1,,零食,,2026-12,,10,王敏,促销 / promotion\n"
        "2026-10,product_region,SKU-9,,华东,2026-11,5,,王敏,unknown product\n", encoding="utf-8")
    result = build_version(con, "2026-10", CREATED, horizon=3, overrides_landing=tmp_path / "landing", n_windows=1)
    assert (result.overrides_accepted, result.overrides_rejected) == (2, 1)
    agreed = _table(con, "consensus_forecast", "2026-10").set_index(["unique_id", "month"])
    assert agreed.loc[("SKU-1/华东", pd.Timestamp("2026-11-01")), "yhat"] == pytest.approx(500)
    snack = agreed.loc[("零食", pd.Timestamp("2026-12-01"))]
    assert snack["yhat"] == pytest.approx(1.1 * snack["statistical_yhat"])
    total = agreed.xs("total", level="unique_id")["yhat"]
    bottom = agreed[agreed["level"] == "product_region"].groupby(level="month")["yhat"].sum()
    np.testing.assert_allclose(total.sort_index(), bottom.sort_index())
    reason = con.execute("select reject_reason from sop.override_rejections").fetchone()[0]
    assert "unknown" in reason


def test_accuracy_scores_closed_months_by_lag_with_the_baseline_beside(tmp_path):
    con = _warehouse(tmp_path / "w.duckdb")
    build_version(con, "2026-07", CREATED, horizon=3, n_windows=1)
    scored = refresh_accuracy(con, CREATED)
    total = scored[scored["level"] == "total"].set_index(["model", "lag"])
    assert set(total.index.get_level_values("model")) == {"statistical", "consensus", "SeasonalNaive"}
    assert sorted(total.loc["statistical"].index) == [1, 2, 3]
    actual = con.execute("select sum(qty) from core.fct_sales_line where month(sale_date) = 8 and year(sale_date) = 2026"
                         ).fetchone()[0]
    assert total.loc[("statistical", 1), "actual_qty"] == pytest.approx(float(actual))
    assert (scored["wape"] >= 0).all()
    stored = con.execute("select count(*) from sop.forecast_accuracy where forecast_version = '2026-07'").fetchone()[0]
    assert stored == len(scored)
