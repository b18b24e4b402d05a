"""Child entry point: `python -m benchmarks.stage <name> --workdir DIR --scale S` runs one stage.

Runs in its own process so the parent's `wait4` sees this stage's CPU time and peak memory alone.
Prints one JSON line, `{"stage": ..., "rows": ...}`, on stdout; everything else goes to stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from pathlib import Path

from benchmarks.stages import STAGES, Stage, StageContext
from orchestration.settings import Settings


def main(argv: list[str] | None = None, stages: dict[str, Stage] = STAGES) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.stage", description="Run one benchmark stage.")
    parser.add_argument("name", choices=list(stages))
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args(argv)

    context = StageContext(args.workdir, args.scale, Settings.from_env())
    stdout = sys.stdout
    with contextlib.redirect_stdout(sys.stderr):
        rows = stages[args.name](context)
    print(json.dumps({"stage": args.name, "rows": rows}), file=stdout, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
