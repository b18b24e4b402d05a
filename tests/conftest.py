"""Shared fixtures: a warehouse on tmp_path and helpers that deliver extract files."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from ingestion.contract import entity
from ingestion.entity_ingest import ingest_entity
from ingestion.loader import LoadResult
from ingestion.schema import ensure_schema
from orchestration.settings import VARIABLES

TIMEZONE = "Asia/Shanghai"

pytest_plugins = ["tests.postgres"]  # the pg_database fixture


@pytest.fixture(autouse=True)
def _no_dagster_state_storage_left_behind():
    """A Dagster instance registers its state storage in a context variable holding a weak reference to
    itself; when a test's instance is gone, a later test that loads Definitions without an instance would
    find the dead reference. Each test starts from none."""
    from dagster._core.storage.defs_state.base import _current_storage

    _current_storage.set(None)
    yield
    _current_storage.set(None)


@pytest.fixture
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    ensure_schema(connection)
    yield connection
    connection.close()


@pytest.fixture
def landing(tmp_path: Path) -> Path:
    path = tmp_path / "landing"
    path.mkdir()
    return path


def deliver(landing: Path, system: str, name: str, file_name: str, content: str | bytes,
            encoding: str = "utf-8") -> Path:
    """Write an extract file into the landing layout and return its path."""
    folder = landing / system / name
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / file_name
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


def ingest(con: duckdb.DuckDBPyConnection, landing: Path, system: str, name: str,
           db_url: str | None = None, batch_rows: int = 1000) -> list[LoadResult]:
    return ingest_entity(con, entity(system, name), landing, TIMEZONE, db_url, batch_rows=batch_rows)


def isolate_settings(patch: pytest.MonkeyPatch, home: Path) -> Path:
    """Every setting back to its default under `home`: a developer's own key or URLs never reach a test."""
    for name, _default, _what in VARIABLES:
        patch.delenv(name, raising=False)
    patch.setenv("SALESOPS_HOME", str(home))
    return home


@pytest.fixture
def salesops_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """SALESOPS_HOME on tmp_path with every other setting at its default, for tests that run `salesops`."""
    return isolate_settings(monkeypatch, tmp_path / "home")


def delivered_members(landing: Path) -> Iterator[dict[str, str]]:
    """POS member rows as the landing files hold them (the demo writes UTF-8 or GB18030), values stripped."""
    for path in sorted((landing / "pos" / "members").glob("*.csv")):
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("gb18030")
        for row in csv.DictReader(io.StringIO(text)):
            yield {name: (value or "").strip() for name, value in row.items()}
