"""Forecast throughput: the engine (CV model choice + forecast) against bare StatsForecast AutoETS.

Each part runs in its own child process on the same seeded synthetic series (smooth seasonal, trended
and intermittent monthly demand, 48–60 months), so peak RSS is measured per part. h = 6.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.machine import git_commit, machine_info

HORIZON, SEASON = 6, 12
PARTS = ("engine", "autoets")


def synthetic(n_series: int, seed: int = 7) -> pd.DataFrame:
    """Seeded monthly demand: 40% smooth seasonal, 30% trended seasonal, 30% intermittent."""
    rng = np.random.default_rng(seed)
    frames = []
    for i in range(n_series):
        n = int(rng.integers(48, 61))
        t = np.arange(n)
        level = rng.uniform(20, 500)
        season = 1 + rng.uniform(0, 0.4) * np.sin(2 * np.pi * (t + rng.integers(12)) / SEASON)
        kind = i % 10
        if kind < 4:
            y = level * season * rng.normal(1, 0.1, n)
        elif kind < 7:
            y = level * (1 + rng.uniform(-0.01, 0.02) * t) * season * rng.normal(1, 0.1, n)
        else:
            y = rng.binomial(1, rng.uniform(0.15, 0.5), n) * rng.poisson(rng.uniform(2, 20), n)
        frames.append(pd.DataFrame({"unique_id": f"s{i:05d}", "ds": pd.date_range("2020-01-01", periods=n, freq="MS"),
                                    "y": np.maximum(np.round(y), 0.0)}))
    return pd.concat(frames, ignore_index=True)


def run_part(part: str, n_series: int, n_jobs: int) -> dict:
    """Time one part in this process; peak RSS covers data, fit and output."""
    warnings.filterwarnings("ignore")
    history = synthetic(n_series)
    started = time.perf_counter()
    if part == "engine":
        from forecasting.engine import forecast

        rows = len(forecast(history, HORIZON, season_length=SEASON, n_jobs=n_jobs).forecasts)
    else:
        from statsforecast import StatsForecast
        from statsforecast.models import AutoETS

        engine = StatsForecast(models=[AutoETS(season_length=SEASON)], freq="MS", n_jobs=n_jobs)
        rows = len(engine.forecast(df=history, h=HORIZON, level=[80, 95]))
    seconds = time.perf_counter() - started
    return {"part": part, "series": n_series, "rows": rows, "seconds": round(seconds, 1),
            "series_per_second": round(n_series / seconds, 2),
            "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Forecast speed: engine vs bare AutoETS")
    parser.add_argument("--series", type=int, default=10_000)
    parser.add_argument("--n-jobs", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/forecast_speed"))
    parser.add_argument("--part", choices=PARTS, help=argparse.SUPPRESS)  # set for the child processes
    args = parser.parse_args(argv)
    if args.part:
        print(json.dumps(run_part(args.part, args.series, args.n_jobs)))
        return
    results = []
    for part in PARTS:
        child = subprocess.run([sys.executable, "-m", "benchmarks.forecast_speed", "--part", part,
                                "--series", str(args.series), "--n-jobs", str(args.n_jobs)],
                               capture_output=True, text=True, check=True)
        results.append(json.loads(child.stdout.strip().splitlines()[-1]))
    report = {"horizon": HORIZON, "n_jobs": args.n_jobs, "parts": results, "commit": git_commit(),
              "machine": machine_info()}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".json").write_text(json.dumps(report, indent=2))
    lines = [f"# Forecast speed ({args.series:,} synthetic monthly series, h={HORIZON}, n_jobs={args.n_jobs})", "",
             f"Commit `{report['commit']}`; {report['machine']['cpu']}, {report['machine']['cores']} cores.", "",
             "| part | seconds | series/s | peak RSS MiB |", "|---|---|---|---|"]
    lines += [f"| {r['part']} | {r['seconds']} | {r['series_per_second']} | {r['peak_rss_mib']} |" for r in results]
    args.out.with_suffix(".md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
