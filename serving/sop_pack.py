"""The monthly S&OP pack: one static HTML page the S&OP meeting (销售与运营计划会议) walks through.

The page is rebuilt from the warehouse alone, carries its CSS and SVG charts inline and links
nothing outside itself, so it can be mailed, archived per month and opened offline.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from forecasting.versions import version_month
from serving import sop_queries, sop_sections
from serving.html import page


def render_sop_pack(con: duckdb.DuckDBPyConnection, version: str, now: dt.datetime | None = None) -> str:
    """The pack for `version` as an HTML string (see `write_sop_pack`)."""
    version_month(version)
    if not sop_queries.has_version(con, version):
        raise ValueError(f"没有预测版本 {version} / no consensus forecast for version {version}; "
                         "build it first (forecasting.cycle.build_version)")
    previous = sop_queries.previous_version(con, version)
    generated = (now or dt.datetime.now()).strftime("%Y-%m-%d %H:%M")
    sections = [
        ("headline", "上月回顾：实际 vs 预测 vs 目标 / Last month: actual vs forecast vs target",
         sop_sections.headline(con, version, previous)),
        ("fans", "预测扇形图 / Forecast fan charts", sop_sections.fans(con, version, previous)),
        ("accuracy", "预测准确率 / Forecast accuracy", sop_sections.accuracy(con, version)),
        ("changes", "与上一版本相比的最大变化 / Biggest changes vs the previous version",
         sop_sections.changes(con, version, previous)),
        ("overrides", "共识调整及其附加值 / Consensus overrides and value added",
         sop_sections.overrides(con, version)),
        ("stock", "库存风险与补货建议 / Stock risks and reorder suggestions", sop_sections.stock(con, version)),
    ]
    return page(f"S&OP 月度资料 {version} / Monthly S&OP pack {version}",
                f"预测版本 forecast version {version}，上一版本 previous version {previous or '—'}，"
                f"生成时间 generated {generated}", sections)


def write_sop_pack(con: duckdb.DuckDBPyConnection, version: str, reports_dir: Path,
                   now: dt.datetime | None = None) -> Path:
    """Write the pack for `version` to `<reports_dir>/sop/<version>/index.html` and return the path.

    Args:
        con: the warehouse with `core` facts and the `sop` tables of `version` built.
        version: forecast version `YYYY-MM`; its month is the "last month" of the headline.
        reports_dir: root of the reports tree; folders are created when missing.
        now: the generation time printed on the page (default: the current time).

    Raises:
        ValueError: when `version` is malformed or has no consensus forecast.
    """
    html = render_sop_pack(con, version, now)
    path = Path(reports_dir) / "sop" / version / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path
