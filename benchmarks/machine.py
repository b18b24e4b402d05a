"""What a result was measured on: the code's commit and the machine's CPU, memory and versions."""

from __future__ import annotations

import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

_REPO = Path(__file__).resolve().parents[1]


def git_commit(repo: Path = _REPO) -> str:
    """Short hash of HEAD, with `-dirty` when the work tree has changes; `unknown` outside a git checkout."""
    try:
        head = _git(repo, "rev-parse", "--short", "HEAD")
        changes = _git(repo, "status", "--porcelain")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head}-dirty" if changes else head


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout.strip()


def machine_info() -> dict[str, object]:
    return {
        "cpu": _proc_field("/proc/cpuinfo", "model name") or platform.processor() or "unknown",
        "cores": os.cpu_count(),
        "memory_gib": round(_memory_kib() / 1024**2, 1),
        "python": platform.python_version(),
        "duckdb": metadata.version("duckdb"),
    }


def _memory_kib() -> int:
    total = _proc_field("/proc/meminfo", "MemTotal")  # "24684084 kB"
    return int(total.split()[0]) if total else 0


def _proc_field(path: str, name: str) -> str | None:
    """The first `name: value` line of a /proc file; None where there is no such file (not Linux)."""
    try:
        with open(path) as lines:
            for line in lines:
                key, _, value = line.partition(":")
                if key.strip() == name:
                    return value.strip()
    except OSError:
        return None
    return None
