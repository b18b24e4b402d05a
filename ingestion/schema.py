"""DDL for the tables ingestion writes: raw.<system>__<entity>, quarantine and audit."""

from __future__ import annotations

from pathlib import Path

import duckdb

from ingestion import warehouse_file
from ingestion.contract import ENTITIES, Entity

SQL_TYPES = {
    "str": "varchar",
    "int": "bigint",
    "dec": "decimal(18, 4)",
    "money": "decimal(18, 2)",
    "date": "date",
    "ts": "timestamp",
    "bool": "boolean",
}

LINEAGE_COLUMNS = (
    ("_extra", "json"),  # unknown extra columns (schema drift), kept as a JSON object
    ("_batch_id", "bigint"),
    ("_source_file", "varchar"),
    ("_source_line", "bigint"),
    ("_loaded_at", "timestamp"),
)

_FIXED_DDL = """
create schema if not exists raw;
create schema if not exists quarantine;
create schema if not exists audit;
create sequence if not exists audit.batch_id_seq start 1;
create table if not exists audit.file_loads (
    batch_id bigint primary key,
    source_system varchar not null,
    entity varchar not null,
    source_file varchar not null,
    file_name varchar not null,
    file_date date,
    file_seq integer,
    file_format varchar,
    encoding varchar,
    size_bytes bigint,
    mtime_ns bigint,
    content_sha256 varchar,
    rows_read bigint not null default 0,
    rows_loaded bigint not null default 0,
    rows_quarantined bigint not null default 0,
    status varchar not null,
    reason varchar,
    schema_drift varchar,
    duplicate_of_batch bigint,
    superseded_by_batch bigint,
    started_at timestamp not null,
    finished_at timestamp
);
create table if not exists quarantine.rejected_rows (
    batch_id bigint not null,
    source_system varchar not null,
    entity varchar not null,
    source_file varchar not null,
    source_line bigint,
    rule varchar not null,
    column_name varchar,
    detail varchar,
    raw_values json,
    status varchar not null default 'open',
    superseded_by_batch bigint,
    quarantined_at timestamp not null
);
"""


def raw_table_ddl(entity: Entity) -> str:
    columns = [f"{c.name} {SQL_TYPES[c.type]}" for c in entity.columns]
    columns += [f"{name} {type_}" for name, type_ in LINEAGE_COLUMNS]
    return f"create table if not exists raw.{entity.table} (\n    " + ",\n    ".join(columns) + "\n)"


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every ingestion table that does not exist yet; safe to call on each run."""
    con.execute(_FIXED_DDL)
    for entity in ENTITIES:
        con.execute(raw_table_ddl(entity))


def open_warehouse(database: Path, memory_limit: str, encryption_key: str | None = None) -> duckdb.DuckDBPyConnection:
    """Connect with the memory limit and a spill directory beside the file, schema ensured."""
    con = warehouse_file.connect(database, encryption_key)
    con.execute(f"set memory_limit = '{memory_limit}'")
    con.execute(f"set temp_directory = '{database.parent / 'duckdb_tmp'}'")
    ensure_schema(con)
    return con


def table_exists(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    """Whether `schema.table` exists in the connection's database (a table or a view)."""
    schema, name = table.split(".")
    return bool(con.execute("select count(*) from information_schema.tables where table_schema = ? and table_name = ?"
                            " and table_catalog = current_database()", [schema, name]).fetchone()[0])
