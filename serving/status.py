"""`salesops status`: the one screen an on-call data engineer reads in ten seconds.

Read from the published copy, so asking never blocks a running pipeline; the live file is read
only when nothing has been published yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb
from tabulate import tabulate

from ingestion.schema import table_exists

_FRESHNESS = """
select source_system || '__' || entity as entity,
       max(file_date) as newest_file_date,
       max(finished_at) as last_loaded_at,
       count(*) filter (where status = 'loaded') as files_loaded,
       count(*) filter (where status = 'rejected') as files_rejected
from audit.file_loads group by all order by 1
"""

_QUARANTINE = """
select source_system || '__' || entity as entity, rule, count(*) as open_rows
from quarantine.rejected_rows where status = 'open' group by all order by open_rows desc limit 10
"""

_QUALITY = """
with latest as (
    select rule_id, max(validated_at) as validated_at from quality.rule_results group by rule_id
)
select r.severity, r.rule_id, r.table_name, r.unexpected_count
from quality.rule_results as r inner join latest using (rule_id, validated_at)
where r.success = false
order by r.severity, r.unexpected_count desc
limit 10
"""

_FORECAST = """
select forecast_version, count(distinct unique_id) as series, max(created_at) as created_at
from sop.forecast group by all order by forecast_version desc limit 1
"""


@dataclass
class Status:
    source: str
    sections: dict[str, list[tuple]] = field(default_factory=dict)
    headers: dict[str, list[str]] = field(default_factory=dict)
    stale: list[str] = field(default_factory=list)


def collect(con: duckdb.DuckDBPyConnection, source: str, now: dt.datetime, freshness_days: int) -> Status:
    """Freshness per source entity, open quarantine, failing quality rules and the newest forecast version."""
    status = Status(source)
    for name, schema, table, sql in (("freshness", "audit", "file_loads", _FRESHNESS),
                                     ("quarantine", "quarantine", "rejected_rows", _QUARANTINE),
                                     ("quality", "quality", "rule_results", _QUALITY),
                                     ("forecast", "sop", "forecast", _FORECAST)):
        if table_exists(con, f"{schema}.{table}"):
            cursor = con.execute(sql)
            status.headers[name] = [column[0] for column in cursor.description]
            status.sections[name] = cursor.fetchall()
    limit = (now - dt.timedelta(days=freshness_days)).date()
    status.stale = [row[0] for row in status.sections.get("freshness", []) if row[1] is not None and row[1] < limit]
    return status


def render(status: Status, runs: list[tuple]) -> str:
    """Plain text: runs first, then sources, quality, quarantine and forecast, each with a Chinese title."""
    lines = [f"数据来源 / read from: {status.source}", ""]
    lines += ["最近运行 / last runs", tabulate(runs, headers=["job", "status", "started", "run_id"]) if runs
              else "  (无 / none)", ""]
    titles = {"freshness": "数据新鲜度 / source freshness", "quality": "未通过的质量规则 / failing quality rules",
              "quarantine": "隔离行（未处理）/ open quarantine", "forecast": "最新预测版本 / latest forecast version"}
    for name, title in titles.items():
        rows = status.sections.get(name)
        lines += [title, tabulate(rows, headers=status.headers[name]) if rows else "  (无 / none)", ""]
    if status.stale:
        lines.append(f"过期来源 / stale sources: {', '.join(status.stale)}")
    return "\n".join(lines).rstrip() + "\n"
