"""The S&OP pack on a tiny hand-made warehouse: two versions, one model switch, one override, one at-risk SKU."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from forecasting import store
from serving.html import pct, qty
from serving.sop_pack import write_sop_pack

CREATED = dt.datetime(2026, 11, 3)
SERIES = {  # unique_id: (product, category, region, model in 2026-09, model in 2026-10, overridden in 2026-10)
    "P1/华东": ("P1", "日化", "华东", "AutoETS", "AutoARIMA", False),
    "P2/华南": ("P2", "零食", "华南", "Naive", "Naive", True),
}
HEADINGS = ("上月回顾", "预测扇形图", "预测准确率", "与上一版本相比的最大变化", "共识调整及其附加值", "库存风险与补货建议")


def _core(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create schema core")
    con.execute("create table core.dim_product (product_code varchar, product_name varchar, category_l1 varchar)")
    con.execute("insert into core.dim_product values ('P1', '洗衣液', '日化'), ('P2', '薯片', '零食')")
    con.execute("create table core.fct_sales_line (sale_date date, product_code varchar, region varchar, "
                "warehouse_code varchar, qty decimal(18, 4), net_amount decimal(18, 2), is_revenue boolean)")
    for step, month in enumerate(pd.date_range("2025-11-01", "2026-10-01", freq="MS")):
        con.execute("insert into core.fct_sales_line values (?, 'P1', '华东', 'WH-SH', ?, ?, true),"
                    " (?, 'P2', '华南', 'WH-GZ', ?, ?, true)",
                    [month.date(), 100 + step, 1000 + 10 * step, month.date(), 50 + step, 600 + 10 * step])
    con.execute("create table core.fct_sales_target (month_start date, region varchar, category_l1 varchar, "
                "rep_id varchar, target_amount decimal(18, 2), is_rep_level boolean)")
    con.execute("insert into core.fct_sales_target values ('2026-10-01', '华东', '日化', null, 12000, false),"
                " ('2026-10-01', '华南', '零食', null, 8000, false), ('2026-10-01', '华东', '日化', 'R1', 5000, true)")


def _forecast_rows(version: str, months: list[str], version_index: int) -> pd.DataFrame:
    """Every level of a two-series hierarchy, like forecasting.cycle writes it."""
    rows = []
    for unique_id, (product, category, region, *models, overridden) in SERIES.items():
        for step, month in enumerate(months):
            yhat = (120.0 if product == "P1" else 60.0) + 10 * version_index + step
            rows.append({"level": "product_region", "unique_id": unique_id, "product_code": product,
                         "category_l1": category, "region": region, "month": month, "model": models[version_index],
                         "segment": "AX", "yhat": yhat, "overridden": overridden and version_index == 1})
    bottom = pd.DataFrame(rows)
    levels = [bottom]
    for level, keys in (("total", []), ("category_l1", ["category_l1"]),
                        ("category_l1_region", ["category_l1", "region"])):
        summed = bottom.groupby([*keys, "month"], as_index=False)["yhat"].sum()
        summed["unique_id"] = summed[keys].agg("/".join, axis=1) if keys else "total"
        levels.append(summed.assign(level=level, model="BottomUp", overridden=False))
    frame = pd.concat(levels, ignore_index=True)
    return frame.assign(yhat_lo_80=frame["yhat"] * 0.8, yhat_hi_80=frame["yhat"] * 1.2,
                        yhat_lo_95=frame["yhat"] * 0.6, yhat_hi_95=frame["yhat"] * 1.4)


def _sop(con: duckdb.DuckDBPyConnection) -> None:
    store.ensure_sop_schema(con)
    for index, (version, months) in enumerate((("2026-09", ["2026-10-01", "2026-11-01", "2026-12-01"]),
                                               ("2026-10", ["2026-11-01", "2026-12-01", "2027-01-01"]))):
        rows = _forecast_rows(version, months, index)
        store.write_version(con, version, rows.drop(columns="overridden"), CREATED, "forecast")
        consensus = rows.assign(statistical_yhat=rows["yhat"], is_overridden=rows["overridden"],
                                planner=rows["overridden"].map({True: "王芳", False: None}),
                                reason=rows["overridden"].map({True: "双十一促销", False: None}))
        consensus.loc[consensus["is_overridden"], "yhat"] *= 1.5
        store.write_version(con, version, consensus.drop(columns="overridden"), CREATED, "consensus_forecast")
    accuracy = pd.DataFrame({"level": "product_region", "lag": 1, "model": ["statistical", "consensus", "SeasonalNaive"],
                             "n_series": 2, "forecast_qty": [170.0, 170.0, 150.0], "actual_qty": 160.0,
                             "wape": [0.10, 0.08, 0.20], "mape": 0.1, "bias": [0.0625, 0.0625, -0.0625], "mase": 0.5,
                             "tracking_signal": 0.0, "n_series_ts_alert": 0, "fva_pp": [10.0, 12.0, 0.0]})
    store.write_version(con, "2026-09", accuracy, CREATED, "forecast_accuracy")
    plan = pd.DataFrame({"warehouse_code": ["WH-SH"] * 3 + ["WH-GZ"] * 3, "product_code": ["P1"] * 3 + ["P2"] * 3,
                         "month": ["2026-11-01", "2026-12-01", "2027-01-01"] * 2, "forecast_qty": 100.0,
                         "sigma_monthly": 10.0, "safety_stock": 20.0, "reorder_point": 90.0,
                         "projected_on_hand": [30.0, 5.0, -40.0, 400.0, 350.0, 300.0],
                         "is_stockout_risk": [False, True, True, False, False, False],
                         "is_stockout": [False, False, True, False, False, False], "is_excess": False,
                         "suggested_order_qty": [1200.0, 0.0, 0.0, 0.0, 0.0, 0.0], "lead_time_days": 14.0,
                         "moq": 50.0, "service_level": 0.95, "uses_default_params": False})
    store.write_version(con, "2026-10", plan, CREATED, "replenishment")


@pytest.fixture(scope="module")
def warehouse() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    _core(connection)
    _sop(connection)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("reports")


@pytest.fixture(scope="module")
def pack(warehouse: duckdb.DuckDBPyConnection, reports: Path) -> tuple[Path, str]:
    """Rendered once for the module: every test reads the same page."""
    path = write_sop_pack(warehouse, "2026-10", reports, now=CREATED)
    return path, path.read_text(encoding="utf-8")


def _section(html: str, anchor: str) -> str:
    match = re.search(rf'<section id="{anchor}">(.*?)</section>', html, re.S)
    assert match, f"section {anchor} missing"
    return match[1]


def test_pack_is_written_under_the_version_month(pack, reports):
    path, _ = pack
    assert path == reports / "sop" / "2026-10" / "index.html"
    assert path.is_file()


def test_pack_has_the_bilingual_section_headings(pack):
    _, html = pack
    for heading in HEADINGS:
        assert f"<h2>{heading}" in html


def test_every_fan_chart_is_an_inline_svg(pack):
    fans = _section(pack[1], "fans")
    # total + two categories + two products
    assert fans.count("<svg") == 5
    assert "P1 洗衣液" in fans and "零食" in fans
    assert "上版预测 previous" in fans


def test_pack_links_no_external_resources(pack):
    _, html = pack
    assert "http://" not in html and "https://" not in html
    assert "<script" not in html and "<link" not in html


def test_headline_compares_lag_one_forecast_and_region_targets(pack):
    headline = _section(pack[1], "headline")
    # actual Oct qty: P1 111 + P2 61; lag-1 forecast of version 2026-09 for October: 120 + 60 (P2 not overridden then)
    assert "<td>合计 / total</td><td class=\"num\">172</td><td class=\"num\">180</td>" in headline
    assert "20,000" in headline and "25,000" not in headline  # rep-level targets are not added on top


def test_changes_name_model_switch_and_overrides(pack):
    rows = re.findall(r"<tr>(.*?)</tr>", _section(pack[1], "changes"))
    p1 = next(row for row in rows if "P1 洗衣液" in row)
    p2 = next(row for row in rows if "P2 薯片" in row)
    assert "模型切换 model switch（AutoETS → AutoARIMA）" in p1
    assert "计划员调整 overrides" in p2 and "模型切换" not in p2


def test_overrides_show_the_planner_and_value_added(pack):
    overrides = _section(pack[1], "overrides")
    assert "王芳" in overrides and "双十一促销" in overrides
    assert "+2.0 pp" in overrides and "增值 added value" in overrides


def test_at_risk_sku_is_in_the_stock_table(pack):
    stock = _section(pack[1], "stock")
    assert "WH-SH" in stock and "P1 洗衣液" in stock and "预计缺货 stockout" in stock
    assert "1,200" in stock
    assert "WH-GZ" not in stock


def test_unknown_version_is_refused(warehouse, tmp_path):
    with pytest.raises(ValueError, match="2027-05"):
        write_sop_pack(warehouse, "2027-05", tmp_path)


def test_numbers_are_formatted_for_planners():
    assert qty(1234567.4) == "1,234,567"
    assert pct(0.1234) == "12.3%"
    assert pct(None) == "—"
