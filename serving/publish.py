"""The read-only copy BI tools open, swapped in whole after each successful run.

DuckDB admits one writer, and a reader that holds the live file open blocks it; BI tools also
must never see a half-built warehouse. So BI reads a copy: the writer checkpoints (the file then
holds everything, no write-ahead log), the file is copied beside the published one and renamed
over it. A rename is atomic: a BI session that has the old copy open keeps reading it, the next
one opens the new one, and neither waits for the pipeline.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ingestion import warehouse_file


@dataclass(frozen=True)
class Published:
    path: Path
    size_bytes: int
    tables: int


def publish_copy(con: duckdb.DuckDBPyConnection, warehouse: Path, published: Path,
                 encryption_key: str | None = None) -> Published:
    """Checkpoint the warehouse through the writer's connection, then copy it over `published` atomically.

    Call while holding the writer lock, so no other writer changes the file during the copy. The
    copy keeps the warehouse's file name: DuckDB names a database after its file, and views
    (the `bi` schema) refer to their tables through that name. An encrypted warehouse gives an
    encrypted copy, opened with the same key.
    """
    if published.name != warehouse.name:
        raise ValueError(f"the published copy must keep the file name {warehouse.name}, got {published.name}")
    con.execute("checkpoint")
    published.parent.mkdir(parents=True, exist_ok=True)
    staging = published.with_name(f".{published.name}.{os.getpid()}.tmp")
    try:
        shutil.copyfile(warehouse, staging)
        _check_opens(staging, encryption_key)
        os.replace(staging, published)
    finally:
        staging.unlink(missing_ok=True)
    tables = con.execute("select count(*) from information_schema.tables").fetchone()[0]
    return Published(published, published.stat().st_size, int(tables))


def _check_opens(path: Path, encryption_key: str | None) -> None:
    """A copy that DuckDB cannot open is never published."""
    check = warehouse_file.connect(path, encryption_key, read_only=True)
    try:
        check.execute("select count(*) from information_schema.tables").fetchone()
    finally:
        check.close()
