"""The Dagster instance that `salesops run` and `dagster dev` share, so both show the same runs."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

# Steps that write DuckDB share the pool `duckdb_writer`; a limit of 1 keeps a second run's
# writers queued in Dagster instead of waiting on the file lock.
_INSTANCE_YAML = """\
concurrency:
  pools:
    default_limit: 1
telemetry:
  enabled: false
"""


def prepare_instance_dir(dagster_home: Path) -> Path:
    """Create DAGSTER_HOME with our dagster.yaml unless the operator already wrote one."""
    dagster_home.mkdir(parents=True, exist_ok=True)
    config = dagster_home / "dagster.yaml"
    if not config.exists():
        config.write_text(_INSTANCE_YAML)
    return dagster_home


def open_instance(dagster_home: Path) -> dg.DagsterInstance:
    os.environ["DAGSTER_HOME"] = str(prepare_instance_dir(dagster_home))
    return dg.DagsterInstance.get()
