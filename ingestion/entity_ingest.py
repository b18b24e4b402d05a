"""Ingest everything new for one entity: its landing files, then its source table if configured."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from ingestion.contract import Entity
from ingestion.landing import discover
from ingestion.loader import DEFAULT_BATCH_ROWS, EntityLoader, LoadResult, ProgressCallback
from ingestion.sql_source import SqlTableExtract, has_table, redact, source_unit


def ingest_entity(con: duckdb.DuckDBPyConnection, entity: Entity, landing_dir: Path, timezone: str,
                  source_db_url: str | None = None, batch_rows: int = DEFAULT_BATCH_ROWS,
                  on_progress: ProgressCallback | None = None, pii_salt: str | None = None) -> list[LoadResult]:
    """Load new landing files of `entity` in delivery order, then pull its table from `source_db_url`.

    Returns one result per delivery looked at; files already loaded come back as `unchanged`.
    `pii_salt` lets the loader recognise people on the erasure suppression list.
    """
    loader = EntityLoader(con, entity, timezone, batch_rows, on_progress, pii_salt)
    loader.discard_unfinished()
    results = [loader.load_file(unit) for unit in discover(landing_dir, entity)]
    if source_db_url and has_table(source_db_url, entity):
        pulled_at = dt.datetime.now()
        extract = SqlTableExtract(source_db_url, entity, batch_rows)
        with extract:
            results.append(loader.load_extract(
                source_unit(entity, pulled_at), extract, {"encoding": redact(source_db_url)},
                content_hash=extract.content_sha256,
            ))
    return results
