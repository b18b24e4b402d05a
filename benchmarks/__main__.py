"""`python -m benchmarks --scale S`: measure every stage and write benchmarks/results/<date>_scale<S>.{json,md}."""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

from benchmarks import report
from benchmarks.machine import git_commit, machine_info
from benchmarks.measure import StageFailed
from benchmarks.sequence import run_sequence
from benchmarks.stages import StageContext, select
from benchmarks.summary import summarise
from orchestration.settings import Settings

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--scale", type=float, required=True, help="demo-data scale; 1 ≈ one million POS lines")
    parser.add_argument("--runs", type=int, default=3, help="repeats of the whole sequence (default 3)")
    parser.add_argument("--stages", help="comma-separated stages to measure (default: all, in registry order)")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR, help="where the result files go")
    parser.add_argument("--workdir", type=Path,
                        help="where demo data and the warehouse go; a given dir is kept"
                             " (default: a temp dir under $SALESOPS_HOME, removed afterwards)")
    parser.add_argument("--keep", action="store_true", help="keep the default temp work dir")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    try:
        names = select(args.stages.split(",") if args.stages else None)
    except ValueError as error:
        parser.error(str(error))

    settings = Settings.from_env()
    # Commit before anything is written, so the report's own files do not mark the tree dirty.
    commit = git_commit()
    workdir = _workdir(args.workdir, settings.home)
    try:
        samples = run_sequence(names, args.runs, StageContext(workdir, args.scale, settings))
    except StageFailed as error:
        print(f"benchmark stopped: {error}", file=sys.stderr)
        return 1
    finally:
        if args.workdir is None and not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print(f"work dir kept: {workdir}", file=sys.stderr)

    result = report.Report(commit=commit, date=dt.date.today().isoformat(), machine=machine_info(),
                           scale=args.scale, runs=args.runs, stages=summarise(samples), samples=samples)
    json_path, markdown_path = report.write(result, args.out)
    print(report.to_markdown(result))
    print(f"written: {json_path}, {markdown_path}", file=sys.stderr)
    return 0


def _workdir(given: Path | None, home: Path) -> Path:
    """The given work dir (generation replaces any extracts already there), or a new temp dir."""
    if given is None:
        home.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix="benchmark_", dir=home))
    given.mkdir(parents=True, exist_ok=True)
    return given.resolve()


if __name__ == "__main__":
    sys.exit(main())
