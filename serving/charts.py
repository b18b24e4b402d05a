"""Inline SVG charts for the S&OP pack, drawn by hand.

No Chinese font is installed for matplotlib on the build machines, so labels are plain SVG
<text> that the reader's browser renders with its own fonts; the page needs no files or scripts.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from html import escape

import pandas as pd

WIDTH, HEIGHT = 640, 270
LEFT, RIGHT, TOP, BOTTOM = 60, 36, 46, 30
FONT = "'Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif"
ACTUAL, CURRENT, PREVIOUS, BAND_80, BAND_95 = "#333333", "#1565c0", "#e67e22", "#90b8e8", "#d6e5f7"
SERIES_COLOURS = ("#1565c0", "#2e7d32", "#9e9e9e", "#c62828", "#6a1b9a", "#e67e22")


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values (1, 2 or 5 × 10^k apart) that cover `low`..`high`."""
    if not math.isfinite(low) or not math.isfinite(high) or high <= low:
        high = low + 1
    raw = (high - low) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks = [first]
    while ticks[-1] < high - 1e-9 * step:
        ticks.append(ticks[-1] + step)
    return ticks


class _Plot:
    """Maps data coordinates (x position, y value) to pixels and draws the axes."""

    def __init__(self, x_count: int, y_low: float, y_high: float, y_format: Callable[[float], str]):
        self.ticks = nice_ticks(min(y_low, 0.0), y_high)
        self.y_low, self.y_high = self.ticks[0], self.ticks[-1]
        self.x_count, self.y_format = max(x_count, 2), y_format

    def x(self, position: float) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * position / (self.x_count - 1)

    def y(self, value: float) -> float:
        share = (value - self.y_low) / ((self.y_high - self.y_low) or 1)
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - share)

    def axes(self, x_labels: Sequence[tuple[int, str]]) -> str:
        parts = []
        for tick in self.ticks:
            y = self.y(tick)
            colour = "#999" if tick == 0 else "#eee"
            parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="{colour}"/>'
                         f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(self.y_format(tick))}</text>')
        for position, label in x_labels:
            parts.append(f'<text x="{self.x(position):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">'
                         f"{escape(label)}</text>")
        return "".join(parts)

    def path(self, points: Sequence[tuple[float, float]]) -> str:
        return " ".join(f"{self.x(px):.1f},{self.y(py):.1f}" for px, py in points)


def _svg(title: str, body: str, legend: Sequence[tuple[str, str, str]]) -> str:
    """Wrap a chart body with its title and a legend of (label, colour, kind) items; kind is line/dash/band."""
    items, x = [], LEFT
    for label, colour, kind in legend:
        if kind == "band":
            mark = f'<rect x="{x}" y="28" width="14" height="9" fill="{colour}"/>'
        else:
            dash = ' stroke-dasharray="5 3"' if kind == "dash" else ""
            mark = f'<line x1="{x}" x2="{x + 14}" y1="33" y2="33" stroke="{colour}" stroke-width="2"{dash}/>'
        items.append(f'{mark}<text x="{x + 18}" y="37">{escape(label)}</text>')
        x += 30 + sum(11 if ord(char) > 0x2E80 else 6.2 for char in label)
    return (f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" class="chart" role="img"'
            f' font-family="{FONT}" font-size="11" fill="#444"><title>{escape(title)}</title>'
            f'<text x="{LEFT}" y="16" font-size="13" font-weight="bold" fill="#222">{escape(title)}</text>'
            f'{"".join(items)}{body}</svg>')


def _qty(value: float) -> str:
    return f"{value:,.0f}"


def fan_chart(title: str, actuals: pd.DataFrame, forecast: pd.DataFrame, previous: pd.DataFrame | None) -> str:
    """History, this version's forecast with 80% and 95% bands, and the previous version's forecast.

    `actuals` has `ds, y`; `forecast` has `month, yhat` and the four bounds; `previous` has
    `month, yhat` (or is None/empty). Months are placed on one monthly axis.
    """
    parts = [actuals["ds"], forecast["month"], *([previous["month"]] if previous is not None else [])]
    months = pd.to_datetime(pd.concat([part for part in parts if len(part)]))
    first = months.min()

    def position(values: pd.Series) -> list[int]:
        stamps = pd.to_datetime(values)
        return list((stamps.dt.year - first.year) * 12 + stamps.dt.month - first.month)

    count = max(position(months)) + 1
    values = [actuals["y"], forecast["yhat"], forecast["yhat_hi_95"]]
    if previous is not None:
        values.append(previous["yhat"])
    high = max((float(v.max()) for v in values if len(v) and pd.notna(v.max())), default=1.0)
    plot = _Plot(count, 0.0, high * 1.05 or 1.0, _qty)
    step = max(1, count // 8)
    labels = [(i, f"{(first + pd.DateOffset(months=i)):%Y-%m}") for i in range(0, count, step)]
    body = [plot.axes(labels)]
    spots = position(forecast["month"])
    # the fan opens from the last actual, so history and forecast read as one line
    anchor = [(position(actuals["ds"])[-1], float(actuals["y"].iloc[-1]))] if len(actuals) and len(spots) else []
    for low, high_column, colour in (("yhat_lo_95", "yhat_hi_95", BAND_95), ("yhat_lo_80", "yhat_hi_80", BAND_80)):
        upper = anchor + list(zip(spots, forecast[high_column].fillna(forecast["yhat"]), strict=True))
        lower = list(zip(spots, forecast[low].fillna(forecast["yhat"]), strict=True))[::-1] + anchor
        body.append(f'<polygon points="{plot.path(upper + lower)}" fill="{colour}" stroke="none"/>')
    body.append(f'<polyline points="{plot.path(list(zip(position(actuals["ds"]), actuals["y"], strict=True)))}"'
                f' fill="none" stroke="{ACTUAL}" stroke-width="1.8"/>')
    if previous is not None and not previous.empty:
        earlier = list(zip(position(previous["month"]), previous["yhat"], strict=True))
        body.append(f'<polyline points="{plot.path(earlier)}" fill="none" stroke="{PREVIOUS}" stroke-width="1.8"'
                    ' stroke-dasharray="5 3"/>')
    body.append(f'<polyline points="{plot.path(anchor + list(zip(spots, forecast["yhat"], strict=True)))}" fill="none"'
                f' stroke="{CURRENT}" stroke-width="2.2"/>')
    for spot, row in zip(spots, forecast.itertuples(), strict=True):
        tip = (f"{pd.Timestamp(row.month):%Y-%m}: {_qty(row.yhat)}"
               f"（80%: {_qty(row.yhat_lo_80)}–{_qty(row.yhat_hi_80)}，"
               f"95%: {_qty(row.yhat_lo_95)}–{_qty(row.yhat_hi_95)}）")
        body.append(f'<circle cx="{plot.x(spot):.1f}" cy="{plot.y(row.yhat):.1f}" r="2.5" fill="{CURRENT}">'
                    f"<title>{escape(tip)}</title></circle>")
    legend = [("实际 actual", ACTUAL, "line"), ("本版预测 this version", CURRENT, "line"),
              ("80% 区间", BAND_80, "band"), ("95% 区间", BAND_95, "band")]
    if previous is not None and not previous.empty:
        legend.append(("上版预测 previous", PREVIOUS, "dash"))
    return _svg(title, "".join(body), legend)


def line_chart(title: str, categories: Sequence[str], series: dict[str, Sequence[float | None]],
               y_format: Callable[[float], str]) -> str:
    """One line per named series over shared x categories; missing values (None/NaN) break the line."""
    present = [float(v) for values in series.values() for v in values if v is not None and pd.notna(v)]
    low, high = (min(present), max(present)) if present else (0.0, 1.0)
    plot = _Plot(len(categories), low, high if high > low else low + 1, y_format)
    if len(categories) == 1:
        plot.x_count = 3
    offset = 1 if len(categories) == 1 else 0
    body = [plot.axes([(i + offset, label) for i, label in enumerate(categories)])]
    legend = []
    for index, ((name, values), colour) in enumerate(zip(series.items(), SERIES_COLOURS, strict=False)):
        # every other series dashed, so identical series (consensus without overrides) stay visible
        dashed = index % 2 == 1
        legend.append((name, colour, "dash" if dashed else "line"))
        points = [(i + offset, float(v)) for i, v in enumerate(values) if v is not None and pd.notna(v)]
        if len(points) > 1:
            dash = ' stroke-dasharray="6 4"' if dashed else ""
            body.append(f'<polyline points="{plot.path(points)}" fill="none" stroke="{colour}"'
                        f' stroke-width="2"{dash}/>')
        body += [f'<circle cx="{plot.x(px):.1f}" cy="{plot.y(py):.1f}" r="3" fill="{colour}">'
                 f"<title>{escape(f'{name} {categories[px - offset]}: {y_format(py)}')}</title></circle>"
                 for px, py in points]
    return _svg(title, "".join(body), legend)
