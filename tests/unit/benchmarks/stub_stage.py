"""A stage entry point whose registry holds stubs, so tests measure real child processes in a second each.

Run as `python -m tests.unit.benchmarks.stub_stage <name> --workdir DIR`.
"""

from __future__ import annotations

import sys

from benchmarks.stage import main
from benchmarks.stages import StageContext

ALLOCATED_MIB = 60


def allocate(_context: StageContext) -> int:
    """Hold ALLOCATED_MIB of memory, written to so it is resident, and report one row per MiB."""
    block = b"\x01" * (ALLOCATED_MIB * 2**20)
    return len(block) // 2**20


def write_landing(context: StageContext) -> int:
    context.landing_dir.mkdir(parents=True, exist_ok=True)
    (context.landing_dir / "extract.csv").write_text("id\n1\n2\n")
    _log(context, "generate")
    return 2


def load(name: str):
    """A stand-in ingest stage that fails if the run did not start from an empty warehouse."""

    def _load(context: StageContext) -> int:
        if name == "first" and context.warehouse.exists():
            raise RuntimeError("the warehouse was not reset before the run")
        with context.warehouse.open("a") as warehouse:
            warehouse.write(name + "\n")
        _log(context, name)
        return 10 if name == "first" else 1000

    return _load


def crash(_context: StageContext) -> int:
    raise RuntimeError("stub stage failing on purpose")


def _log(context: StageContext, name: str) -> None:
    with (context.workdir / "calls.log").open("a") as log:
        log.write(name + "\n")


STUBS = {
    "generate": write_landing,
    "ingest:first": load("first"),
    "ingest:second": load("second"),
    "allocate": allocate,
    "crash": crash,
}

if __name__ == "__main__":
    sys.exit(main(stages=STUBS))
