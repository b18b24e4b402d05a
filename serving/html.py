"""HTML building blocks for static reports: number formats a planner reads, tables, and the page shell.

The page carries its own CSS and no links to other resources, so it opens offline and prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import pandas as pd

MISSING = "—"

CSS = """
body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:24px auto;max-width:1320px;
color:#222;padding:0 16px}
h1{font-size:24px;margin-bottom:4px}
h2{font-size:19px;margin-top:36px;border-bottom:2px solid #1565c0;padding-bottom:4px}
h3{font-size:15px;margin:18px 0 6px}p{margin:6px 0}
table{border-collapse:collapse;font-size:13px;margin:8px 0}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left}
th{background:#f0f4fa;font-weight:600}td{white-space:nowrap}
td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.total td{font-weight:bold;background:#fafafa}tr.bad td{background:#fdecea}tr.warn td{background:#fff6e0}
.muted{color:#777;font-size:13px}.good{color:#1b7f3b}.poor{color:#b00020}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(600px,1fr));gap:12px}
.chart{width:100%;max-width:680px;border:1px solid #eee;background:#fff}
nav{font-size:13px;margin:12px 0}nav a{margin-right:14px;color:#1565c0;text-decoration:none}
@media print{h2{page-break-before:auto}.chart{page-break-inside:avoid}}
"""


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA or value is pd.NaT


def qty(value: object) -> str:
    """A quantity or amount with thousands separators and no decimals."""
    return MISSING if _blank(value) else f"{float(value):,.0f}"


def signed_qty(value: object) -> str:
    """A change in quantity with its sign (+1,234 / −56); zero stays 0."""
    if _blank(value):
        return MISSING
    rounded = round(float(value))
    return "0" if rounded == 0 else f"{rounded:+,}"


def pct(value: object, signed: bool = False) -> str:
    """A ratio (0.123) as a percentage with one decimal (12.3%)."""
    return MISSING if _blank(value) else f"{float(value):{'+' if signed else ''}.1%}"


def pp(value: object) -> str:
    """Percentage points with sign and one decimal."""
    return MISSING if _blank(value) else f"{float(value):+.1f} pp"


def month(value: object) -> str:
    return MISSING if _blank(value) else f"{pd.Timestamp(value):%Y-%m}"


def text(value: object) -> str:
    return MISSING if _blank(value) else str(value)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = (),
          row_classes: Sequence[str] | None = None) -> str:
    """A table of already formatted cells; columns in `numeric` are right-aligned."""
    if not rows:
        return '<p class="muted">无 / none</p>'
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = []
    for index, row in enumerate(rows):
        css = f' class="{escape(row_classes[index])}"' if row_classes and row_classes[index] else ""
        cells = "".join(f'<td class="num">{escape(cell)}</td>' if column in numeric else f"<td>{escape(cell)}</td>"
                        for column, cell in enumerate(row))
        body.append(f"<tr{css}>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def note(message: str) -> str:
    return f'<p class="muted">{escape(message)}</p>'


def section(anchor: str, title: str, body: str) -> str:
    return f'<section id="{escape(anchor)}"><h2>{escape(title)}</h2>{body}</section>'


def page(title: str, subtitle: str, sections: Sequence[tuple[str, str, str]]) -> str:
    """A whole document from (anchor, title, body HTML) sections, with a contents line on top."""
    nav = "".join(f'<a href="#{escape(anchor)}">{escape(heading)}</a>' for anchor, heading, _ in sections)
    content = "".join(section(anchor, heading, body) for anchor, heading, body in sections)
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"<style>{CSS}</style></head><body><h1>{escape(title)}</h1>{note(subtitle)}<nav>{nav}</nav>"
            f"{content}</body></html>")
