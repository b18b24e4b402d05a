"""The DuckDB warehouse as a Dagster resource that admits one writer at a time.

DuckDB allows a single writing process, and a reader holding the live file blocks it; an
advisory file lock beside the database serialises every writer across runs and processes,
so a second run waits its turn instead of failing or corrupting the file.
"""

from __future__ import annotations

import contextlib
import fcntl
import time
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import duckdb

from ingestion.schema import open_warehouse


class WriterBusy(TimeoutError):
    """Another process held the warehouse longer than the configured wait."""


@contextlib.contextmanager
def writer_lock(database: Path, timeout: float) -> Iterator[None]:
    database.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + timeout
    with open(database.with_name(database.name + ".lock"), "a+") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise WriterBusy(
                        f"仓库正被另一个进程写入 / the warehouse {database} is held by another writer"
                        f" for more than {timeout:.0f}s"
                    ) from None
                time.sleep(0.5)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class WarehouseResource(dg.ConfigurableResource):
    """Opens the warehouse file for writing, one process at a time."""

    path: str
    memory_limit: str = "4GB"
    lock_timeout_seconds: float = 1800

    @contextlib.contextmanager
    def writer(self) -> Iterator[duckdb.DuckDBPyConnection]:
        database = Path(self.path)
        with writer_lock(database, self.lock_timeout_seconds):
            con = open_warehouse(database, self.memory_limit)
            try:
                yield con
                con.execute("checkpoint")
            finally:
                con.close()
