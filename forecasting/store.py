"""The `sop` schema in DuckDB: tables BI users read, with bilingual comments, and versioned writes.

Every versioned table is written one forecast version at a time: a rerun deletes and replaces
that version's rows in one transaction and keeps the version's first `created_at`, so reruns
give identical tables and never touch another version. The statistical forecast of a version is
frozen once written: `sop.version_ledger` keeps its fingerprint, a rerun that would change its
numbers is refused, and the quality rule `sop.forecast.version_not_overwritten` recomputes the
fingerprint to catch changes made any other way. The consensus stays rewritable: planners'
overrides keep arriving until the S&OP meeting.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from forecasting.versions import MAX_HORIZON, month_index, version_month
from ingestion.sql_types import literal

_V = ("forecast_version", "varchar not null", "预测版本（周期月份 YYYY-MM）/ forecast version (cycle month YYYY-MM)")
_LEVEL = ("level", "varchar not null",
          "层级：total 全部, category_l1 一级品类, category_l1_region 品类×大区, product_region 产品×大区 / "
          "hierarchy level: total, category_l1, category_l1_region, product_region")
_UID = ("unique_id", "varchar not null", "序列编码 / series id within the hierarchy")
_PRODUCT = ("product_code", "varchar", "产品编码（产品层级才有）/ product code, null above product level")
_CATEGORY = ("category_l1", "varchar", "一级品类（总计层级为空）/ category level 1, null at total level")
_REGION = ("region", "varchar", "大区（仅含大区的层级）/ sales region, null at levels without region")
_MONTH = ("month", "date not null", "预测月份（月初）/ target month (month start)")
_LAG = ("lag", "integer not null",
        "提前期：版本月到预测月的月数（1–6）/ lag: months from version month to target month (1–6)")
_MODEL = ("model", "varchar not null", "统计模型 / statistical model")
_SEGMENT = ("segment", "varchar", "需求分群 / demand segment of the series")
_INTERVALS = (
    ("yhat", "double not null", "预测数量 / forecast quantity"),
    ("yhat_lo_80", "double", "80% 区间下限 / lower bound of the 80% interval"),
    ("yhat_hi_80", "double", "80% 区间上限 / upper bound of the 80% interval"),
    ("yhat_lo_95", "double", "95% 区间下限 / lower bound of the 95% interval"),
    ("yhat_hi_95", "double", "95% 区间上限 / upper bound of the 95% interval"),
)
_CREATED = ("created_at", "timestamp not null",
            "版本首次写入时间（重跑不变）/ first write of the version, kept on reruns")


@dataclass(frozen=True)
class Table:
    name: str
    comment: str
    columns: tuple[tuple[str, str, str], ...]
    key: tuple[str, ...]

    @property
    def column_names(self) -> list[str]:
        return [name for name, _, _ in self.columns]


TABLES = {table.name: table for table in (
    Table("forecast",
          "统计预测（每版本×序列×月份×模型一行）/ statistical forecast, one row per version × series × month × model",
          (_V, _LEVEL, _UID, _PRODUCT, _CATEGORY, _REGION, _MONTH, _LAG, _MODEL, _SEGMENT, *_INTERVALS, _CREATED),
          ("forecast_version", "unique_id", "month", "model")),
    Table("consensus_forecast", "共识预测：统计预测加计划员调整，各层级一致 / consensus forecast: statistical plus "
          "planner overrides, coherent across levels; one row per version × series × month",
          (_V, _LEVEL, _UID, _PRODUCT, _CATEGORY, _REGION, _MONTH, _LAG, _MODEL, _SEGMENT,
           ("statistical_yhat", "double not null", "调整前的统计预测 / statistical forecast before overrides"),
           *_INTERVALS,
           ("is_overridden", "boolean not null", "是否被计划员调整 / changed by a planner override"),
           ("planner", "varchar", "调整人（多个以逗号分隔）/ planner(s) whose overrides apply, comma separated"),
           ("reason", "varchar", "调整原因 / override reason(s), separated by ；"),
           _CREATED),
          ("forecast_version", "unique_id", "month")),
    Table("planner_overrides", "已接受的计划员调整 / accepted planner overrides, one row per override as delivered",
          (_V, _LEVEL, _PRODUCT, _CATEGORY, _REGION, _MONTH,
           ("override_qty", "double", "调整后数量（绝对值，替换预测）/ absolute quantity that replaces the forecast"),
           ("adjust_pct", "double", "调整百分比（10 即 +10%）/ percent change of the forecast (10 means +10%)"),
           ("planner", "varchar not null", "计划员 / planner"),
           ("reason", "varchar", "调整原因 / reason"),
           ("source_file", "varchar not null", "来源文件 / overrides file"),
           ("source_row", "integer not null", "文件中的行号（表头为第1行）/ row in the file, header is row 1"),
           _CREATED),
          ("forecast_version", "source_file", "source_row")),
    Table("override_rejections", "被拒绝的计划员调整及原因 / rejected planner override rows with the reason",
          (("source_file", "varchar not null", "来源文件 / overrides file"),
           ("source_row", "integer not null", "文件中的行号（表头为第1行）/ row in the file, header is row 1"),
           ("forecast_version", "varchar", "文件中的预测版本（原样）/ forecast version as delivered"),
           ("raw_values", "varchar not null", "原始行内容（JSON）/ the row as delivered, JSON"),
           ("reject_reason", "varchar not null", "拒绝原因 / why the row was rejected"),
           ("created_at", "timestamp not null", "检查时间 / checked at")),
          ("source_file", "source_row")),
    Table("forecast_accuracy", "预测准确率（每版本×层级×提前期×模型一行）/ forecast accuracy, one row per version × "
          "level × lag × model, for months whose actuals are closed",
          (_V, _LEVEL, _LAG, _MODEL,
           ("n_series", "integer not null", "参与计算的序列数 / series with actuals"),
           ("forecast_qty", "double", "预测合计 / sum of forecasts"),
           ("actual_qty", "double", "实际合计 / sum of actuals"),
           ("wape", "double", "加权绝对百分比误差 Σ|e|/Σ|y| / weighted absolute percentage error"),
           ("mape", "double", "平均绝对百分比误差（仅实际非零）/ mean absolute percentage error over nonzero actuals"),
           ("bias", "double", "偏差 (Σf−Σy)/Σy，正为高估 / bias, positive means over-forecast"),
           ("mase", "double", "平均绝对标度误差（季节朴素）/ mean absolute scaled error vs seasonal naive"),
           ("tracking_signal", "double", "跟踪信号（序列均值）/ tracking signal, mean over series"),
           ("n_series_ts_alert", "integer", "跟踪信号超限 |TS|>4 的序列数 / series with |tracking signal| > 4"),
           ("fva_pp", "double", "预测附加值（百分点）：基准WAPE−模型WAPE / forecast value added vs seasonal naive, pp"),
           _CREATED),
          ("forecast_version", "level", "lag", "model")),
    Table("replenishment", "补货建议（每版本×仓库×产品×月份一行）/ replenishment plan, one row per version × "
          "warehouse × product × month",
          (_V, ("warehouse_code", "varchar not null", "仓库编码 / warehouse code"),
           ("product_code", "varchar not null", "产品编码 / product code"), _MONTH, _LAG,
           ("forecast_qty", "double not null", "该仓库的月预测需求 / forecast demand of the warehouse"),
           ("sigma_monthly", "double not null", "月预测误差标准差 / standard deviation of the monthly forecast error"),
           ("safety_stock", "double not null", "安全库存 / safety stock"),
           ("reorder_point", "double not null",
            "再订货点：提前期需求+安全库存 / reorder point: lead-time demand + safety stock"),
           ("projected_on_hand", "double not null", "月末预计库存（在库+在途−累计预测）/ projected stock at month end"),
           ("is_stockout_risk", "boolean not null", "缺货风险：预计库存低于安全库存 / projected below safety stock"),
           ("is_stockout", "boolean not null", "预计缺货：预计库存小于0 / projected below zero"),
           ("is_excess", "boolean not null",
            "库存过剩：超过安全库存+3个月平均需求 / above safety stock + 3 months of mean demand"),
           ("suggested_order_qty", "double not null",
            "建议订货量（仅首月，其余为0）/ suggested order now, on the first month only"),
           ("lead_time_days", "double not null", "采购提前期（天）/ lead time, days"),
           ("moq", "double not null", "最小订货量 / minimum order quantity"),
           ("service_level", "double not null", "目标服务水平 / target service level"),
           ("uses_default_params", "boolean not null",
            "缺少供应参数，使用默认值 / supply parameters missing, defaults used"),
           _CREATED),
          ("forecast_version", "warehouse_code", "product_code", "month")),
    Table("version_ledger", "预测版本指纹：统计预测一经写入不得改变 / fingerprint of each written version of a frozen"
          " table: a statistical forecast, once written, never changes",
          (_V, ("table_name", "varchar not null", "表名 / sop table"),
           ("fingerprint", "varchar not null",
            "内容指纹：除 created_at 外各列行哈希之和 / content fingerprint: sum of row hashes over every column but"
            " created_at"),
           ("row_count", "bigint not null", "行数 / rows"),
           ("first_written_at", "timestamp not null", "首次写入时间 / first written at")),
          ("forecast_version", "table_name")),
)}

VERSIONED_TABLES = ("forecast", "consensus_forecast", "planner_overrides", "forecast_accuracy", "replenishment")
FROZEN_TABLES = ("forecast",)


class VersionOverwriteError(ValueError):
    """A rerun would change the numbers of a version that is already written and frozen."""


def fingerprint_sql(table: str) -> str:
    """Rows and content fingerprint per version of `sop.<table>`; the same numbers give the same fingerprint."""
    return (f"select forecast_version, count(*) as row_count,"
            f" cast(sum(hash(*columns(* exclude (created_at)))::hugeint) as varchar) as fingerprint"
            f" from sop.{table} group by forecast_version")



def ddl() -> list[str]:
    """The statements that create the `sop` schema, its tables and their comments."""
    statements = ["create schema if not exists sop"]
    for table in TABLES.values():
        columns = [f"{name} {type_}" for name, type_, _ in table.columns]
        columns.append(f"primary key ({', '.join(table.key)})")
        statements.append(f"create table if not exists sop.{table.name} (\n    " + ",\n    ".join(columns) + "\n)")
        statements.append(f"comment on table sop.{table.name} is {literal(table.comment)}")
        statements += [f"comment on column sop.{table.name}.{name} is {literal(comment)}"
                       for name, _, comment in table.columns]
    return statements


def ensure_sop_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the `sop` schema and tables when missing, and (re)apply the comments."""
    for statement in ddl():
        con.execute(statement)


def write_version(con: duckdb.DuckDBPyConnection, version: str, frame: pd.DataFrame, created_at: dt.datetime,
                  table: str = "forecast") -> int:
    """Replace one version's rows of a versioned `sop` table; return the number of rows written.

    `frame` holds the table's columns; `forecast_version`, `lag` (from `month`) and `created_at`
    are filled in when missing, and `ds` is accepted for `month`. `created_at` is used only on the
    first write of the version; a rerun keeps the stored one, so the table ends up identical.

    Raises:
        ValueError: for an unknown table, missing columns, rows of another version, or a month
            outside the version's horizon.
    """
    if table not in VERSIONED_TABLES:
        raise ValueError(f"{table!r} is not a versioned sop table; use one of {', '.join(VERSIONED_TABLES)}")
    spec = TABLES[table]
    rows = _prepare(version, frame, spec)
    ensure_sop_schema(con)
    con.begin()
    try:
        first = con.execute(f"select min(created_at) from sop.{table} where forecast_version = ?", [version]).fetchone()
        rows["created_at"] = pd.Timestamp(first[0] if first[0] is not None else created_at)
        con.execute(f"delete from sop.{table} where forecast_version = ?", [version])
        _insert(con, spec, rows)
        if table in FROZEN_TABLES:
            _hold_fingerprint(con, table, version, rows["created_at"].iloc[0])
        con.commit()
    except Exception:
        con.rollback()
        raise
    return len(rows)


def _hold_fingerprint(con: duckdb.DuckDBPyConnection, table: str, version: str, first_written: pd.Timestamp) -> None:
    """Record a new version's fingerprint, or refuse a rewrite that changes a recorded one."""
    row_count, fingerprint = con.execute(
        f"select row_count, fingerprint from ({fingerprint_sql(table)}) where forecast_version = ?",
        [version]).fetchone()
    recorded = con.execute("select fingerprint from sop.version_ledger where forecast_version = ? and table_name = ?",
                           [version, table]).fetchone()
    if recorded is None:
        con.execute("insert into sop.version_ledger values (?, ?, ?, ?, ?)",
                    [version, table, fingerprint, row_count, first_written.to_pydatetime()])
    elif recorded[0] != fingerprint:
        raise VersionOverwriteError(
            f"版本 {version} 已写入，新结果不同，拒绝覆盖 / sop.{table} version {version} is already written and"
            " these numbers differ: a forecast version is never overwritten (the stored one stays)")


def write_rejections(con: duckdb.DuckDBPyConnection, rejected: pd.DataFrame, created_at: dt.datetime) -> int:
    """Replace the rejections of the files in `rejected` (one transaction); return the rows written."""
    ensure_sop_schema(con)
    spec = TABLES["override_rejections"]
    rows = rejected.assign(created_at=pd.Timestamp(created_at))
    con.begin()
    try:
        for source_file in rows["source_file"].unique():
            con.execute("delete from sop.override_rejections where source_file = ?", [source_file])
        _insert(con, spec, rows)
        con.commit()
    except Exception:
        con.rollback()
        raise
    return len(rows)


def _prepare(version: str, frame: pd.DataFrame, spec: Table) -> pd.DataFrame:
    """Fill the derived columns and check the frame belongs to `version` and its horizon."""
    start = version_month(version)
    rows = frame.rename(columns={"ds": "month"}) if "month" not in frame else frame.copy()
    if "forecast_version" not in rows:
        rows["forecast_version"] = version
    others = set(rows["forecast_version"].astype(str)) - {version}
    if others:
        raise ValueError(f"frame holds rows of other versions {sorted(others)}; write each version on its own")
    if "month" in spec.column_names:
        rows["month"] = pd.to_datetime(rows["month"])
        computed = month_index(rows["month"]) - month_index(start)
        if "lag" in spec.column_names and not computed.between(1, MAX_HORIZON).all():
            raise ValueError(f"months outside the {MAX_HORIZON}-month horizon of version {version}: "
                             f"{sorted(rows.loc[~computed.between(1, MAX_HORIZON), 'month'].dt.strftime('%Y-%m'))}")
        if "lag" in spec.column_names and spec.name != "forecast_accuracy":
            rows["lag"] = computed
    missing = [name for name in spec.column_names if name not in rows and name != "created_at"]
    if missing:
        raise ValueError(f"sop.{spec.name} needs columns {missing}")
    return rows


def _insert(con: duckdb.DuckDBPyConnection, spec: Table, rows: pd.DataFrame) -> None:
    """Insert in key order so that identical inputs give identical tables."""
    view = f"_sop_{spec.name}_rows"
    casts = ", ".join(f"cast({name} as {type_.replace(' not null', '')})" for name, type_, _ in spec.columns)
    con.register(view, rows[spec.column_names])
    try:
        con.execute(f"insert into sop.{spec.name} ({', '.join(spec.column_names)}) "
                    f"select {casts} from {view} order by {', '.join(spec.key)}")
    finally:
        con.unregister(view)
