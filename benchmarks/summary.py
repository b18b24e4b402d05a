"""Per-stage aggregation of repeated measurements: the median, with the min and max beside it."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from benchmarks.measure import Measurement


@dataclass(frozen=True)
class Spread:
    median: float
    min: float
    max: float

    @classmethod
    def of(cls, values: list[float]) -> Spread:
        return cls(statistics.median(values), min(values), max(values))


@dataclass(frozen=True)
class StageSummary:
    stage: str
    samples: int
    rows: int
    wall_s: Spread
    cpu_s: Spread
    peak_rss_mib: Spread
    rows_per_s: Spread  # each run's own rows / wall, then aggregated


def summarise(samples: dict[str, list[Measurement]]) -> list[StageSummary]:
    """One summary per stage with measurements, in the order given."""
    return [
        StageSummary(
            stage=name,
            samples=len(runs),
            rows=round(statistics.median(m.rows for m in runs)),
            wall_s=Spread.of([m.wall_s for m in runs]),
            cpu_s=Spread.of([m.cpu_s for m in runs]),
            peak_rss_mib=Spread.of([m.peak_rss_mib for m in runs]),
            rows_per_s=Spread.of([m.rows_per_s for m in runs]),
        )
        for name, runs in samples.items()
        if runs
    ]
