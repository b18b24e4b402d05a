"""Run one stage in a child process and measure it: wall time, CPU time and peak RSS from `os.wait4`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

# The directory holding the `benchmarks` package: the child runs there so `python -m` finds it,
# whether the project is installed or run from a checkout.
_PACKAGE_PARENT = Path(__file__).resolve().parents[1]


class StageFailed(RuntimeError):
    """A stage's process exited with an error or printed no row count."""


@dataclass(frozen=True)
class Measurement:
    wall_s: float
    cpu_s: float  # user + system time of the child and the processes it waited for
    peak_rss_kib: int  # ru_maxrss, which Linux reports in KiB
    rows: int

    @property
    def peak_rss_mib(self) -> float:
        return self.peak_rss_kib / 1024

    @property
    def rows_per_s(self) -> float:
        return self.rows / self.wall_s if self.wall_s > 0 else 0.0


def stage_command(name: str, workdir: Path, scale: float, module: str = "benchmarks.stage") -> list[str]:
    """The command line of one stage; `module` is the entry point that knows the stages (tests pass a stub one)."""
    return [sys.executable, "-m", module, name, "--workdir", str(workdir), "--scale", str(scale)]


def measure(command: list[str]) -> Measurement:
    """Run `command`, which prints a JSON line with `rows` last on stdout, and measure its process.

    Stderr passes through, so a long stage's progress stays visible.
    """
    started = time.perf_counter()
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=_PACKAGE_PARENT) as child:
        output = child.stdout.read()
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        # Tell Popen the child is reaped, so it does not wait for it again.
        child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise StageFailed(f"{' '.join(command)} exited with {child.returncode}; its stderr is above")
    lines = output.strip().splitlines()
    try:
        rows = int(json.loads(lines[-1])["rows"])
    except (IndexError, ValueError, KeyError, TypeError) as error:
        raise StageFailed(f"{' '.join(command)} printed no JSON row count last on stdout: {output[-500:]!r}") from error
    return Measurement(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, rows)
