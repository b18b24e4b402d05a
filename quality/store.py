"""The quality schema: one row per validation run and one per rule result, commented for stewards."""

from __future__ import annotations

import datetime as dt
import json

import duckdb

from ingestion.sql_types import literal
from quality.engine import RuleResult

# (column, type, comment) — comments in Chinese with English beside, as stewards read them.
RUNS = (
    ("run_id", "varchar primary key", "校验批次编码 / validation run id"),
    ("started_at", "timestamp not null", "开始时间 / run start"),
    ("finished_at", "timestamp not null", "结束时间 / run end"),
    ("scope", "varchar not null", "校验范围（raw, core, forecast, all 或表名）/ scope: layer or table name"),
    ("success", "boolean not null", "无严重规则失败 / no critical rule failed"),
    ("rules_evaluated", "integer not null", "已执行规则数 / rules evaluated"),
    ("rules_passed", "integer not null", "通过规则数 / rules passed"),
    ("rules_failed", "integer not null", "失败规则数 / rules failed (or errored)"),
    ("rules_skipped", "integer not null", "跳过规则数 / rules skipped (table or column missing)"),
    ("critical_failed", "integer not null", "严重级失败数 / critical rules failed"),
    ("warning_failed", "integer not null", "警告级失败数 / warning rules failed"),
)
RESULTS = (
    ("run_id", "varchar not null", "校验批次编码 / validation run id"),
    ("rule_id", "varchar not null", "规则编码 / rule id, <schema>.<table>.<check>"),
    ("table_name", "varchar not null", "表名 / table checked"),
    ("column_name", "varchar", "列名（表级规则为空）/ column checked, empty for table-level rules"),
    ("owner", "varchar", "数据负责人 / data steward who owns the table"),
    ("severity", "varchar not null", "严重级别 critical 严重 / warning 警告 / severity"),
    ("status", "varchar not null", "状态 passed 通过, failed 失败, skipped 跳过, error 出错 / status"),
    ("success", "boolean", "是否通过（跳过为空）/ passed; null when skipped"),
    ("element_count", "bigint", "检查行数 / rows (or deliveries) checked"),
    ("unexpected_count", "bigint", "异常行数 / unexpected rows"),
    ("unexpected_percent", "double", "异常比例（%）/ unexpected share, percent"),
    ("failing_samples", "json",
     "异常样例（最多10行，含来源文件与行号）/ up to 10 failing rows with source file and line"),
    ("description", "varchar not null", "规则说明 / rule description"),
    ("detail", "varchar", "跳过或出错原因 / why skipped or errored"),
    ("validated_at", "timestamp not null", "校验时间 / when validated"),
)
TABLE_COMMENTS = {
    "validation_runs": "数据质量校验批次，每次校验一行 / data-quality validation runs, one row per run",
    "rule_results": "规则结果，每批次每规则一行 / rule results, one row per run and rule",
}



def ensure_quality_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create quality.validation_runs and quality.rule_results with comments; safe on every run."""
    con.execute("create schema if not exists quality")
    for name, columns in (("validation_runs", RUNS), ("rule_results", RESULTS)):
        body = ",\n    ".join(f"{c} {t}" for c, t, _ in columns)
        con.execute(f"create table if not exists quality.{name} (\n    {body}\n)")
        con.execute(f"comment on table quality.{name} is {literal(TABLE_COMMENTS[name])}")
        for column, _, comment in columns:
            con.execute(f"comment on column quality.{name}.{column} is {literal(comment)}")


def save_run(con: duckdb.DuckDBPyConnection, run: dict, results: list[RuleResult], validated_at: dt.datetime) -> None:
    """Write the run and its results in one transaction, so a report never sees half a run."""
    rows = [(run["run_id"], r.rule.id, r.rule.table, r.rule.column, r.rule.owner, r.rule.severity, r.status,
             r.success, r.element_count, r.unexpected_count, r.unexpected_percent,
             json.dumps(list(r.failing_samples), ensure_ascii=False, default=str), r.rule.description, r.detail,
             validated_at) for r in results]
    con.execute("begin")
    try:
        con.execute(f"insert into quality.validation_runs values ({', '.join('?' * len(RUNS))})",
                    [run[c] for c, _, _ in RUNS])
        if rows:
            con.executemany(f"insert into quality.rule_results values ({', '.join('?' * len(RESULTS))})", rows)
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
