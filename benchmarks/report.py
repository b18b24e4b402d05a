"""The result files: JSON for tools, and a markdown table to paste into an issue note."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path

from benchmarks.measure import Measurement
from benchmarks.stages import GENERATE
from benchmarks.summary import StageSummary

COLUMNS = ("stage", "n", "rows", "wall s", "wall s min–max", "cpu s", "peak RSS MiB", "rows/s")


@dataclass(frozen=True)
class Report:
    commit: str
    date: str  # YYYY-MM-DD
    machine: dict[str, object]
    scale: float
    runs: int
    stages: list[StageSummary]
    samples: dict[str, list[Measurement]]

    @property
    def stem(self) -> str:
        return f"{self.date}_scale{self.scale:g}"


def to_json(report: Report) -> dict[str, object]:
    """Everything in the report, with every measurement of every run, so other ratios can be worked out later."""
    return {
        "commit": report.commit,
        "date": report.date,
        "machine": report.machine,
        "scale": report.scale,
        "runs": report.runs,
        "stages": [dataclasses.asdict(stage) for stage in report.stages],
        "measurements": {
            name: [dataclasses.asdict(m) for m in runs] for name, runs in report.samples.items()
        },
    }


def to_markdown(report: Report) -> str:
    machine = report.machine
    lines = [
        f"### Benchmark, scale {report.scale:g}: {report.date}, commit `{report.commit}`",
        "",
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gib']} GiB;"
        f" Python {machine['python']}, DuckDB {machine['duckdb']}.",
        f"Noise: the {machine['cores']} cores are shared with other work; figures are medians of"
        f" {report.runs} run(s), wall min–max beside them. `{GENERATE}` runs once per invocation;"
        " times include the stage process's start-up.",
        "",
        "| " + " | ".join(COLUMNS) + " |",
        "|---|" + "---:|" * (len(COLUMNS) - 1),
    ]
    for stage in report.stages:
        cells = (
            f"`{stage.stage}`",
            str(stage.samples),
            f"{stage.rows:,}",
            f"{stage.wall_s.median:.2f}",
            f"{stage.wall_s.min:.2f}–{stage.wall_s.max:.2f}",
            f"{stage.cpu_s.median:.2f}",
            f"{stage.peak_rss_mib.median:.0f}",
            f"{stage.rows_per_s.median:,.0f}",
        )
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def write(report: Report, out_dir: Path) -> tuple[Path, Path]:
    """Write `<date>_scale<S>.json` and `.md` into `out_dir`; a rerun on the same day replaces them."""
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path = out_dir / f"{report.stem}.json"
    markdown_path = out_dir / f"{report.stem}.md"
    json_path.write_text(json.dumps(to_json(report), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    markdown_path.write_text(to_markdown(report), encoding="utf-8")
    return json_path, markdown_path
