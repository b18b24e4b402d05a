"""Ingest everything new for one entity: its landing files, then its source table if configured."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ingestion.contract import Entity
from ingestion.landing import discover
from ingestion.loader import DEFAULT_BATCH_ROWS, EntityLoader, LoadResult
from ingestion.sql_source import SqlTableExtract, has_table, redact, source_unit


@dataclass(frozen=True)
class IngestProgress:
    """Where an entity's ingest is: `rows_read` rows so far of `source_file`, which is landing file
    `file_number` of `file_count`, or the source-database table when `file_number` is None."""

    source_file: str
    rows_read: int
    file_number: int | None
    file_count: int

    @property
    def position(self) -> str:
        """`3/12`, or `source table`."""
        return f"{self.file_number}/{self.file_count}" if self.file_number else "source table"

    def line(self) -> str:
        where = f"文件 file {self.position}" if self.file_number else "源表 / source table"
        return f"{where} {self.source_file}: 已读 {self.rows_read:,} 行 / rows read"


IngestProgressCallback = Callable[[IngestProgress], None]


def ingest_entity(con: duckdb.DuckDBPyConnection, entity: Entity, landing_dir: Path, timezone: str,
                  source_db_url: str | None = None, batch_rows: int = DEFAULT_BATCH_ROWS,
                  on_progress: IngestProgressCallback | None = None,
                  pii_salt: str | None = None) -> list[LoadResult]:
    """Load new landing files of `entity` in delivery order, then pull its table from `source_db_url`.

    Returns one result per delivery looked at; files already loaded come back as `unchanged`.
    `on_progress` hears after every batch read; `pii_salt` lets the loader recognise people on the
    erasure suppression list.
    """
    units = discover(landing_dir, entity)
    numbers = {unit.source_file: number for number, unit in enumerate(units, 1)}

    def report(source_file: str, rows_read: int) -> None:
        if on_progress:
            on_progress(IngestProgress(source_file, rows_read, numbers.get(source_file), len(units)))

    loader = EntityLoader(con, entity, timezone, batch_rows, report, pii_salt)
    loader.discard_unfinished()
    results = [loader.load_file(unit) for unit in units]
    if source_db_url and has_table(source_db_url, entity):
        pulled_at = dt.datetime.now()
        extract = SqlTableExtract(source_db_url, entity, batch_rows)
        with extract:
            results.append(loader.load_extract(
                source_unit(entity, pulled_at), extract, {"encoding": redact(source_db_url)},
                content_hash=extract.content_sha256,
            ))
    return results
