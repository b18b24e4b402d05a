"""A small inline-SVG line chart: no fonts, files or CDN needed, the browser renders Chinese labels.

No Chinese-capable font is installed on the build machines, so matplotlib would draw boxes.
"""

from __future__ import annotations

from html import escape

WIDTH, HEIGHT, PAD = 720, 240, 44


def line_chart(points: list[tuple[str, float]], title: str, y_label: str = "%") -> str:
    """SVG for (label, value 0–100) points in order; an explanatory text when there are none."""
    if not points:
        return f'<p class="muted">{escape(title)}：暂无数据 / no data yet</p>'
    plot_w, plot_h = WIDTH - 2 * PAD, HEIGHT - 2 * PAD
    step = plot_w / max(len(points) - 1, 1)

    def xy(i: int, value: float) -> tuple[float, float]:
        return PAD + i * step, PAD + plot_h * (1 - max(0.0, min(value, 100.0)) / 100)

    coords = [xy(i, v) for i, (_, v) in enumerate(points)]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    grid = "".join(
        f'<line x1="{PAD}" x2="{WIDTH - PAD}" y1="{xy(0, v)[1]:.1f}" y2="{xy(0, v)[1]:.1f}" class="grid"/>'
        f'<text x="{PAD - 6}" y="{xy(0, v)[1] + 4:.1f}" text-anchor="end">{v}{escape(y_label)}</text>'
        for v in (0, 50, 100))
    every = max(1, len(points) // 8)
    ticks = "".join(f'<text x="{x:.1f}" y="{HEIGHT - PAD + 18}" text-anchor="middle">{escape(label)}</text>'
                    for i, ((label, _), (x, _)) in enumerate(zip(points, coords, strict=True)) if i % every == 0)
    dots = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3"><title>{escape(label)}: {v:.1f}%</title></circle>'
                   for (label, v), (x, y) in zip(points, coords, strict=True))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" class="chart">'
            f'<title>{escape(title)}</title>{grid}<polyline points="{path}" class="line"/>{dots}{ticks}</svg>')
