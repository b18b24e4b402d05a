"""Hand-made warehouse rows for the quality tests."""

from __future__ import annotations

import datetime as dt

import duckdb

NOW = dt.datetime(2026, 11, 22, 9, 0)


def insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict], batch_id: int = 1,
           source_file: str | None = None) -> None:
    """Insert rows into a raw table with lineage columns filled in (line = header + position)."""
    name = table.split(".")[-1]
    for line, row in enumerate(rows, start=2):
        values = {**row}
        if table.startswith("raw."):
            values |= {"_batch_id": batch_id, "_source_file": source_file or f"{name}_{batch_id}.csv",
                       "_source_line": line, "_loaded_at": NOW}
        columns = ", ".join(values)
        con.execute(f"insert into {table} ({columns}) values ({', '.join('?' * len(values))})", list(values.values()))


def delivery(con: duckdb.DuckDBPyConnection, system: str, entity: str, batch_id: int, rows_read: int,
             file_date: dt.date, status: str = "loaded", rows_loaded: int | None = None) -> None:
    loaded = rows_read if rows_loaded is None else rows_loaded
    con.execute(
        "insert into audit.file_loads (batch_id, source_system, entity, source_file, file_name, file_date, rows_read,"
        " rows_loaded, rows_quarantined, status, started_at, finished_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [batch_id, system, entity, f"{system}/{entity}/{entity}_{file_date:%Y%m%d}.csv", f"{entity}_{file_date:%Y%m%d}.csv",
         file_date, rows_read, loaded, rows_read - loaded, status, NOW, NOW])
