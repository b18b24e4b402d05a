"""The benchmark sequence: generate the demo data once, then run the other stages in order, N times."""

from __future__ import annotations

import sys

from benchmarks.measure import Measurement, measure, stage_command
from benchmarks.stages import GENERATE, StageContext, reset_warehouse


def run_sequence(names: list[str], runs: int, context: StageContext,
                 module: str = "benchmarks.stage") -> dict[str, list[Measurement]]:
    """Measure each stage in `names` once per run, each run on a fresh warehouse; generation only once.

    The demo data is generated even when `generate` is not among `names`, since every other stage
    reads it; it is then not reported. Whole runs repeat, rather than each stage N times in a row,
    so stages measured in the same run share the machine's conditions and their ratios hold.
    """
    samples: dict[str, list[Measurement]] = {name: [] for name in names}
    generation = _measure(GENERATE, context, module, "generation")
    if GENERATE in samples:
        samples[GENERATE].append(generation)
    for run in range(1, runs + 1):
        reset_warehouse(context)
        for name in names:
            if name != GENERATE:
                samples[name].append(_measure(name, context, module, f"run {run}/{runs}"))
    return samples


def _measure(name: str, context: StageContext, module: str, label: str) -> Measurement:
    result = measure(stage_command(name, context.workdir, context.scale, module))
    print(f"[{label}] {name}: {result.rows:,} rows in {result.wall_s:.2f} s,"
          f" peak {result.peak_rss_mib:.0f} MiB", file=sys.stderr, flush=True)
    return result
