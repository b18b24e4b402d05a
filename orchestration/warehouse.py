"""The DuckDB warehouse as a Dagster resource that admits one writer at a time (`ingestion.writer_lock`)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import duckdb

from ingestion.schema import open_warehouse
from ingestion.writer_lock import writer_lock


class WarehouseResource(dg.ConfigurableResource):
    """Opens the warehouse file for writing, one process at a time."""

    path: str
    memory_limit: str = "4GB"
    lock_timeout_seconds: float = 1800
    encryption_key: str | None = None  # set from SALESOPS_ENCRYPTION_KEY; see ingestion.warehouse_file

    @contextlib.contextmanager
    def writer(self) -> Iterator[duckdb.DuckDBPyConnection]:
        database = Path(self.path)
        with writer_lock(database, self.lock_timeout_seconds):
            con = open_warehouse(database, self.memory_limit, self.encryption_key)
            try:
                yield con
                con.execute("checkpoint")
            finally:
                con.close()
