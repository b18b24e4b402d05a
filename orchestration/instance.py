"""The Dagster instance that `salesops run` and `dagster dev` share, so both show the same runs.

Run, event and schedule storage is SQLite under DAGSTER_HOME by default, PostgreSQL when
SALESOPS_DAGSTER_PG_URL is set (what a daemon and webserver running as services want).
"""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from ingestion.writer_lock import file_lock

MARKER = "# written by salesops; delete this line to manage the file yourself\n"

# Steps that write DuckDB share the pool `duckdb_writer`; a limit of 1 keeps a second run's
# writers queued in Dagster instead of waiting on the file lock. Freshness policies (every asset
# has one, orchestration.definitions) are evaluated only when enabled here.
_INSTANCE_YAML = """\
concurrency:
  pools:
    default_limit: 1
telemetry:
  enabled: false
freshness:
  enabled: true
"""

_POSTGRES_YAML = """\
storage:
  postgres:
    postgres_url: {url}
"""


def instance_yaml(postgres_url: str | None) -> str:
    if postgres_url and postgres_url.startswith("postgresql://"):
        # SQLAlchemy 2.1 reads a bare postgresql:// as psycopg 3; the installed driver is psycopg2
        postgres_url = "postgresql+psycopg2://" + postgres_url.removeprefix("postgresql://")
    return MARKER + _INSTANCE_YAML + (_POSTGRES_YAML.format(url=postgres_url) if postgres_url else "")


def prepare_instance_dir(dagster_home: Path, postgres_url: str | None = None) -> Path:
    """Write DAGSTER_HOME/dagster.yaml from the settings, unless the operator has taken the file over."""
    dagster_home.mkdir(parents=True, exist_ok=True)
    config = dagster_home / "dagster.yaml"
    if not config.exists() or config.read_text().startswith(MARKER):
        config.write_text(instance_yaml(postgres_url))
    return dagster_home


def open_instance(dagster_home: Path, postgres_url: str | None = None) -> dg.DagsterInstance:
    """The instance in `dagster_home`, opened from its file: the process environment is left alone.

    Opening creates the SQLite storages and their schema on first use; two runs started together on a
    fresh home would both stamp the schema and one would fail, so the opening is serialised by a lock.
    """
    with file_lock(dagster_home / ".open.lock"):  # held for the second or two that opening takes
        return dg.DagsterInstance.from_config(str(prepare_instance_dir(dagster_home, postgres_url)))
