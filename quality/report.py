"""The steward's quality report: one static index.html that opens offline (inline CSS and SVG).

It reads only the warehouse (quality.*, quarantine.rejected_rows, audit.file_loads), so it can
be rebuilt at any time, for any past state, without re-running the rules.
"""

from __future__ import annotations

import datetime as dt
import json
from html import escape
from pathlib import Path

import duckdb

from ingestion.schema import table_exists
from quality.svg_chart import line_chart

CSS = """
body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:24px;color:#222}
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ddd;padding-bottom:4px}
table{border-collapse:collapse;font-size:13px;margin:8px 0}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left}
th{background:#f4f4f4}.critical{color:#b00020;font-weight:bold}.warning{color:#b26a00}.ok{color:#1b7f3b}
.muted{color:#777}.chart{width:100%;max-width:720px}.chart text{font-size:11px;fill:#555}
.chart .grid{stroke:#eee}.chart .line{fill:none;stroke:#1565c0;stroke-width:2}.chart circle{fill:#1565c0}
code{font-size:12px}
"""

_TREND = """
select cast(validated_at as date) as day,
       100.0 * count(*) filter (where success) / nullif(count(*) filter (where success is not null), 0) as pass_rate
from quality.rule_results group by day order by day
"""
_WORST = """
select rule_id, table_name, column_name, owner, severity, unexpected_count, element_count,
       round(unexpected_percent, 3) as unexpected_percent, description, detail, failing_samples
from quality.rule_results where run_id = ? and status in ('failed', 'error')
order by severity = 'critical' desc, unexpected_percent desc nulls first, rule_id
"""
_QUARANTINE = """
select q.source_file, q.rule, count(*) as rows_quarantined, any_value(f.status) as file_status,
       any_value(f.rows_read) as rows_read
from quarantine.rejected_rows as q left join audit.file_loads as f using (batch_id)
where q.status = 'open' group by all order by rows_quarantined desc, q.source_file, q.rule limit 200
"""
_REJECTED_FILES = """
select source_file, reason, started_at from audit.file_loads where status = 'rejected'
order by started_at desc limit 100
"""


def _table(headers: list[str], rows: list[list], classes: list[str | None] | None = None) -> str:
    if not rows:
        return '<p class="muted">无 / none</p>'
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        f'<tr class="{escape(classes[i] or "") if classes else ""}">'
        + "".join(f"<td>{escape('' if v is None else str(v))}</td>" for v in row) + "</tr>"
        for i, row in enumerate(rows))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _latest_run(con: duckdb.DuckDBPyConnection) -> tuple | None:
    return con.execute("select run_id, scope, started_at, success, rules_evaluated, rules_passed, rules_failed,"
                       " rules_skipped, critical_failed, warning_failed from quality.validation_runs"
                       " order by finished_at desc limit 1").fetchone()


def _summary(run: tuple | None) -> str:
    if run is None:
        return '<p class="muted">尚无校验记录 / no validation run recorded yet</p>'
    run_id, scope, started, success, evaluated, passed, failed, skipped, critical, warning = run
    verdict = ('<span class="ok">通过 / passed</span>' if success
               else '<span class="critical">严重规则失败 / critical failures</span>')
    return (f"<p>最近一次校验 / latest run <code>{escape(run_id)}</code>"
            f"（范围 scope {escape(scope)}，{started:%Y-%m-%d %H:%M}）：{verdict}</p>"
            f"<p>已执行 evaluated {evaluated}，通过 passed {passed}，失败 failed {failed}"
            f"（严重 critical {critical}，警告 warning {warning}），跳过 skipped {skipped}</p>")


def _samples_section(worst: list[tuple], max_rules: int = 20) -> str:
    parts = []
    for rule_id, table, *_rest, samples in worst[:max_rules]:
        rows = json.loads(samples) if samples else []
        if not rows:
            continue
        headers = list(dict.fromkeys(k for row in rows for k in row))
        parts.append(f"<h3><code>{escape(rule_id)}</code> <span class=\"muted\">{escape(table)}</span></h3>"
                     + _table(headers, [[row.get(h) for h in headers] for row in rows]))
    return "".join(parts) or '<p class="muted">无 / none</p>'


def render_report(con: duckdb.DuckDBPyConnection, now: dt.datetime | None = None) -> str:
    """The report as an HTML string (see write_report)."""
    has_results = table_exists(con, "quality.validation_runs")
    run = _latest_run(con) if has_results else None
    trend = [(f"{day:%m-%d}", float(rate)) for day, rate in con.execute(_TREND).fetchall()
             if rate is not None] if has_results else []
    worst = con.execute(_WORST, [run[0]]).fetchall() if run else []
    worst_rows = [[r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8] if r[9] is None else f"{r[8]}（{r[9]}）"]
                  for r in worst]
    quarantine = con.execute(_QUARANTINE).fetchall() if table_exists(con, "quarantine.rejected_rows") else []
    rejected = con.execute(_REJECTED_FILES).fetchall() if table_exists(con, "audit.file_loads") else []
    generated = (now or dt.datetime.now()).strftime("%Y-%m-%d %H:%M")
    sections = [
        f"<h1>数据质量报告 / Data quality report</h1><p class=\"muted\">生成时间 / generated {generated}</p>",
        _summary(run),
        "<h2>每日通过率趋势 / Pass-rate trend by day</h2>",
        line_chart(trend, "每日规则通过率 / daily rule pass rate"),
        "<h2>最差规则 / Worst rules</h2>",
        _table(["规则 rule", "表 table", "列 column", "负责人 owner", "级别 severity", "异常行 unexpected",
                "检查行 checked", "异常% unexpected %", "说明 description"], worst_rows, [r[4] for r in worst]),
        "<h2>失败样例 / Failing sample rows</h2>",
        _samples_section(worst),
        "<h2>隔离数据（按文件与原因）/ Quarantine by file and reason</h2>",
        _table(["文件 file", "原因 rule", "隔离行 rows quarantined", "文件状态 file status", "读取行 rows read"],
               [list(r) for r in quarantine]),
        "<h2>整文件拒收 / Rejected files</h2>",
        _table(["文件 file", "原因 reason", "时间 at"], [list(r) for r in rejected]),
    ]
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>数据质量报告 / Data quality'
            f" report</title><style>{CSS}</style></head><body>{''.join(sections)}</body></html>")


def write_report(con: duckdb.DuckDBPyConnection, directory: Path, now: dt.datetime | None = None) -> Path:
    """Write `index.html` under `directory` (created if missing) and return its path."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "index.html"
    path.write_text(render_report(con, now), encoding="utf-8")
    return path
