"""The sections of the S&OP pack: each turns query frames into the HTML the meeting walks through.

Headings and column names are Chinese with English beside, so every planner can follow along.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from serving import charts, sop_queries
from serving.html import month, note, pct, pp, qty, signed_qty, table, text

MODEL_NAMES = {"statistical": "统计 statistical", "consensus": "共识 consensus",
               "SeasonalNaive": "季节朴素 SeasonalNaive"}
LEVEL_NAMES = {"total": "全部 total", "category_l1": "一级品类 category",
               "category_l1_region": "品类×大区 category × region",
               sop_queries.PRODUCT_LEVEL: "产品×大区 product × region"}
STOCK_ROWS = 30


def _ratio(numerator: float, denominator: float) -> float | None:
    return None if pd.isna(numerator) or pd.isna(denominator) or denominator == 0 else numerator / denominator


def headline(con: duckdb.DuckDBPyConnection, version: str, previous: str | None) -> str:
    """Last month by region and by category: quantity vs the lag-1 forecast, amount vs target."""
    parts = []
    for key, label in (("region", "大区 region"), ("category_l1", "一级品类 category")):
        frame = sop_queries.headline(con, version, key)
        totals = frame.drop(columns=key).sum(min_count=1)
        rows, classes = [], []
        for name, row in [*((r[key], r) for _, r in frame.iterrows()), ("合计 / total", totals)]:
            rows.append([text(name), qty(row["actual_qty"]), qty(row["forecast_qty"]),
                         pct(_ratio(row["forecast_qty"] - row["actual_qty"], row["actual_qty"]), signed=True),
                         qty(row["actual_amount"]), qty(row["target_amount"]),
                         pct(_ratio(row["actual_amount"], row["target_amount"]))])
            classes.append("total" if name == "合计 / total" else "")
        parts.append(f"<h3>按{label}</h3>" + table(
            [label, "实际数量 actual qty", "预测数量 forecast qty (lag 1)", "预测偏差 forecast vs actual",
             "实际金额 actual amount (CNY)", "目标金额 target (CNY)", "目标达成率 attainment"],
            rows, numeric=range(1, 7), row_classes=classes))
    if previous is None:
        parts.insert(0, note("没有上一版本，无 lag 1 预测可比 / no earlier version, so no lag-1 forecast to compare"))
    return note(f"{version} 月实际；预测为上一版本（lag 1）对本月的共识预测；金额对比大区×品类目标 / actuals of "
                f"{version}; forecast = the consensus made one month earlier (lag 1); amounts vs region × "
                "category targets") + "".join(parts)


def fans(con: duckdb.DuckDBPyConnection, version: str, previous: str | None) -> str:
    """A fan chart per series: total, each category and the top products."""
    series = sop_queries.fan_series(con, version)
    versions = [version] + ([previous] if previous else [])
    rows = sop_queries.forecasts(con, versions, list(series["unique_id"]))
    actuals = sop_queries.history(con, version)
    svgs = []
    for item in series.itertuples():
        forecast = rows[(rows["unique_id"] == item.unique_id) & (rows["forecast_version"] == version)]
        earlier = rows[(rows["unique_id"] == item.unique_id) & (rows["forecast_version"] == previous)]
        history = actuals[actuals["unique_id"] == item.unique_id]
        svgs.append(charts.fan_chart(item.label, history, forecast, earlier if previous else None))
    legend = note(f"近24个月实际、本版 {version} 共识预测及 80%/95% 区间、上一版本 {previous or '—'} 预测 / "
                  "24 months of actuals, this version's consensus with 80% and 95% intervals, the previous "
                  "version dashed; "
                  "产品为预测量前5的产品（各大区合计）/ products: the top 5 by forecast volume, all regions")
    return legend + '<div class="charts">' + "".join(svgs) + "</div>"


def _pooled(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """WAPE and bias over several accuracy rows, weighted by actual quantity (Σ|e| = WAPE × Σy)."""
    frame = frame.assign(abs_error=frame["wape"] * frame["actual_qty"])
    sums = frame.groupby(keys, as_index=False)[["abs_error", "actual_qty", "forecast_qty"]].sum()
    sums["wape"] = sums["abs_error"] / sums["actual_qty"].where(sums["actual_qty"] != 0)
    sums["bias"] = (sums["forecast_qty"] - sums["actual_qty"]) / sums["actual_qty"].where(sums["actual_qty"] != 0)
    return sums


def accuracy(con: duckdb.DuckDBPyConnection, version: str) -> str:
    """WAPE per lag for statistical, consensus and the naive baseline, and the bias trend over versions."""
    every_level = sop_queries.accuracy(con, version)
    if every_level.empty:
        return note("尚无已结月份可评估 / no closed months to score yet (run refresh_accuracy after the close)")
    by_level = _pooled(every_level, ["level", "model"]).pivot(index="level", columns="model", values="wape")
    level_rows = [[LEVEL_NAMES.get(level, level), *(pct(by_level.at[level, m]) if m in by_level else "—"
                                                    for m in MODEL_NAMES)]
                  for level in LEVEL_NAMES if level in by_level.index]
    level_table = table(["层级 level", *(f"WAPE {name}" for name in MODEL_NAMES.values())], level_rows,
                        numeric=range(1, 4))
    rows = every_level[every_level["level"] == sop_queries.PRODUCT_LEVEL]
    if rows.empty:
        return "<h3>按层级 / by level</h3>" + level_table
    by_lag = _pooled(rows, ["lag", "model"]).pivot(index="lag", columns="model", values="wape")
    models = [m for m in MODEL_NAMES if m in by_lag.columns]
    lags = [f"lag {lag}" for lag in by_lag.index]
    wape_chart = charts.line_chart("WAPE 按提前期 / WAPE by lag", lags,
                                   {MODEL_NAMES[m]: list(by_lag[m]) for m in models}, lambda v: f"{v:.0%}")
    versions_per_lag = rows.groupby("lag")["forecast_version"].nunique()
    table_rows = [[f"lag {lag}", *(pct(by_lag.at[lag, m]) for m in models),
                   pp(100 * (by_lag.at[lag, "SeasonalNaive"] - by_lag.at[lag, "statistical"])
                      if {"SeasonalNaive", "statistical"} <= set(models) else None),
                   str(versions_per_lag[lag])] for lag in by_lag.index]
    lag_table = table(["提前期 lag", *(f"WAPE {MODEL_NAMES[m]}" for m in models),
                       "统计模型附加值 FVA vs naive", "版本数 versions"], table_rows, numeric=range(1, len(models) + 3))
    trend = _pooled(rows, ["forecast_version", "model"]).pivot(index="forecast_version", columns="model", values="bias")
    bias_chart = charts.line_chart("偏差趋势（正为高估）/ bias by version (positive = over-forecast)",
                                   list(trend.index),
                                   {MODEL_NAMES[m]: list(trend[m]) for m in models if m in trend.columns},
                                   lambda v: f"{v:+.0%}")
    return ("<h3>按层级 / by level</h3>"
            + note("各版本已结月份、所有提前期，按实际量加权汇总 / every version's closed months and lags, pooled "
                   "and weighted by actual quantity") + level_table
            + "<h3>按提前期（产品×大区）/ by lag, product × region</h3>" + lag_table
            + f'<div class="charts">{wape_chart}{bias_chart}</div>')


def _reasons(row: tuple) -> str:
    """Why a series moved: a model switch, a planner override in either version, else the new month of actuals."""
    reasons = []
    if row.previous_model != row.current_model:
        reasons.append(f"模型切换 model switch（{row.previous_model} → {row.current_model}）")
    if row.is_overridden or row.was_overridden:
        reasons.append("计划员调整 overrides")
    return "；".join(reasons) or "新增实际 new actuals"


def changes(con: duckdb.DuckDBPyConnection, version: str, previous: str | None) -> str:
    """The product × region series whose forecast moved most since the previous version, and why."""
    if previous is None:
        return note("没有上一版本可比较 / no previous version to compare with")
    frame = sop_queries.changes(con, version, previous)
    rows = [[f"{r.product_code} {text(r.product_name)}", text(r.region), str(r.months), qty(r.previous_qty),
             qty(r.current_qty), signed_qty(r.delta), pct(_ratio(r.delta, r.previous_qty), signed=True),
             _reasons(r)] for r in frame.itertuples()]
    return (note(f"本版 {version} 对比上版 {previous}，仅比较两版共同覆盖的月份 / this version vs {previous}, over the "
                 "months both cover; 原因 reason: 模型切换 model switch, 计划员调整 overrides, 否则为新增实际 "
                 "otherwise new actuals")
            + table(["产品 product", "大区 region", "月数 months", "上版 previous", "本版 current", "变化 delta",
                     "变化% delta %", "原因 reason"], rows, numeric=range(2, 7)))


def overrides(con: duckdb.DuckDBPyConnection, version: str) -> str:
    """What planners changed in this version, and whether overrides beat the statistical forecast so far."""
    effect = sop_queries.override_effect(con, version)
    effect_rows = [[month(r.month), qty(r.statistical_qty), qty(r.consensus_qty),
                    signed_qty(r.consensus_qty - r.statistical_qty), str(r.overridden_series)]
                   for r in effect.itertuples()]
    delivered = sop_queries.overrides(con, version)
    delivered_rows = [[f"{r.product_code} {text(r.product_name)}", text(r.region), f"{month(r.first_month)} 起",
                       str(r.months), qty(r.statistical_qty), qty(r.consensus_qty),
                       pct(_ratio(r.consensus_qty - r.statistical_qty, r.statistical_qty), signed=True),
                       text(r.planner), text(r.reason)] for r in delivered.itertuples()]
    scored = sop_queries.accuracy(con, version)
    scored = scored[scored["level"] == sop_queries.PRODUCT_LEVEL]
    wide = scored.pivot_table(index=["forecast_version", "lag"], columns="model", values=["wape", "fva_pp"])
    value_rows, classes = [], []
    if {"statistical", "consensus"} <= set(scored["model"]):
        for (scored_version, lag), row in wide.sort_index(ascending=[False, True]).iterrows():
            added = 100 * (row[("wape", "statistical")] - row[("wape", "consensus")])
            value_rows.append([scored_version, f"lag {lag}", pct(row[("wape", "statistical")]),
                               pct(row[("wape", "consensus")]), pp(row.get(("fva_pp", "statistical"))),
                               pp(row.get(("fva_pp", "consensus"))), pp(added),
                               "增值 added value" if added > 0.05 else "减值 lost value" if added < -0.05
                               else "无差别 no difference"])
            classes.append("bad" if added < -0.05 else "")
    return ("<h3>本版调整影响 / effect of this version's overrides</h3>"
            + table(["月份 month", "统计预测 statistical", "共识预测 consensus", "差额 difference",
                     "被调整序列数 series overridden"], effect_rows, numeric=range(1, 5))
            + "<h3>被调整的序列 / series changed by planners</h3>"
            + table(["产品 product", "大区 region", "起始月 from", "月数 months", "统计预测 statistical",
                     "共识预测 consensus", "调整幅度 change", "计划员 planner", "原因 reason"], delivered_rows,
                    numeric=range(3, 7))
            + "<h3>调整是否增值 / did overrides add value (FVA)</h3>"
            + note("产品×大区层级；附加值 = 统计WAPE − 共识WAPE，正值表示调整降低了误差 / product × region; "
                   "value added = WAPE statistical − WAPE consensus, positive when overrides reduced the error")
            + table(["版本 version", "提前期 lag", "WAPE 统计 statistical", "WAPE 共识 consensus",
                     "统计 FVA vs naive", "共识 FVA vs naive", "调整附加值 consensus vs statistical", "结论 verdict"],
                    value_rows, numeric=range(2, 7), row_classes=classes))


def stock(con: duckdb.DuckDBPyConnection, version: str) -> str:
    """Warehouse × SKU pairs at risk of stockout or excess over the horizon, with the order to place now."""
    frame = sop_queries.stock_risks(con, version)
    if frame.empty:
        return note("预测期内无缺货或过剩风险 / no stockout or excess risk over the horizon")
    stockouts = int(frame["first_stockout"].notna().sum())
    risks = int(frame["first_risk"].notna().sum())
    excess = int(frame["is_excess"].sum())
    rows, classes = [], []
    for r in frame.head(STOCK_ROWS).itertuples():
        status = ("预计缺货 stockout" if pd.notna(r.first_stockout) else
                  "缺货风险 stockout risk" if pd.notna(r.first_risk) else "库存过剩 excess")
        rows.append([r.warehouse_code, f"{r.product_code} {text(r.product_name)}", status, month(r.first_risk),
                     month(r.first_stockout), qty(r.min_projected), qty(r.safety_stock), qty(r.reorder_point),
                     qty(r.horizon_demand), qty(r.suggested_order_qty), qty(r.lead_time_days), qty(r.moq),
                     "默认供应参数 default params" if r.uses_default_params else ""])
        classes.append("bad" if pd.notna(r.first_stockout) else "warn" if pd.notna(r.first_risk) else "")
    shown = note(f"显示前 {STOCK_ROWS} 行 / first {STOCK_ROWS} rows shown") if len(frame) > STOCK_ROWS else ""
    return (note(f"仓库×SKU：预计缺货 {stockouts}，缺货风险（低于安全库存）{risks}，库存过剩 {excess} / "
                 f"warehouse × SKU pairs: {stockouts} projected stockouts, {risks} below safety stock, {excess} excess")
            + table(["仓库 warehouse", "SKU", "状态 status", "首个风险月 first risk", "首个缺货月 first stockout",
                     "最低预计库存 min projected", "安全库存 safety stock", "再订货点 reorder point",
                     "期内需求 horizon demand", "建议订货量 order now", "提前期(天) lead days", "MOQ", "备注 note"],
                    rows, numeric=range(5, 12), row_classes=classes) + shown)
