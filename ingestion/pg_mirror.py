"""Copy the ingested schemas from the DuckDB warehouse into PostgreSQL.

The Python ingestion writes DuckDB: one file, one writer, no server. When a company outgrows
one machine, the dbt project is built unchanged on PostgreSQL instead (`dbt build --target
postgres`); this module is the bridge that puts the sources (`raw`, `audit`, `mdm`, `quality`) where
that build expects them, with the same names and equivalent column types.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import psycopg2
import pyarrow.csv as pa_csv
from psycopg2 import sql

from ingestion import warehouse_file

SOURCE_SCHEMAS = ("raw", "audit", "mdm", "quality")
CHUNK_ROWS = 50_000

# DuckDB type name (upper case, without parameters) -> PostgreSQL type. Anything not listed
# travels as text, which still loads and keeps every value; dbt models cast where they need to.
_TYPES = {
    "VARCHAR": "text",
    "BOOLEAN": "boolean",
    "TINYINT": "smallint",
    "SMALLINT": "smallint",
    "INTEGER": "integer",
    "BIGINT": "bigint",
    "HUGEINT": "numeric(38, 0)",
    "UTINYINT": "smallint",
    "USMALLINT": "integer",
    "UINTEGER": "bigint",
    "UBIGINT": "numeric(20, 0)",
    "FLOAT": "real",
    "DOUBLE": "double precision",
    "DATE": "date",
    "TIME": "time",
    "TIMESTAMP": "timestamp",
    "TIMESTAMP_NS": "timestamp",
    "TIMESTAMP_MS": "timestamp",
    "TIMESTAMP_S": "timestamp",
    "TIMESTAMP WITH TIME ZONE": "timestamptz",
    "UUID": "uuid",
    "JSON": "jsonb",
    "BLOB": "bytea",
    "INTERVAL": "interval",
}


@dataclass(frozen=True)
class MirroredTable:
    schema: str
    table: str
    rows: int


def pg_type(duckdb_type: str) -> str:
    """The PostgreSQL column type that holds every value of a DuckDB column type."""
    decimal = re.fullmatch(r"DECIMAL\((\d+),\s*(\d+)\)", duckdb_type.upper())
    if decimal:
        return f"numeric({decimal[1]}, {decimal[2]})"
    return _TYPES.get(duckdb_type.upper(), "text")


def pg_dsn(pg_url: str) -> str:
    """psycopg2 takes libpq URLs; accept SQLAlchemy-style ones too (postgresql+psycopg2://)."""
    return re.sub(r"^postgres(ql)?\+\w+://", "postgresql://", pg_url)


def _columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[tuple[str, str]]:
    return con.execute(
        "select column_name, data_type from information_schema.columns"
        " where table_schema = ? and table_name = ? order by ordinal_position",
        [schema, table],
    ).fetchall()


def _csv_chunks(con: duckdb.DuckDBPyConnection, query: str, chunk_rows: int) -> Iterator[bytes]:
    """The query result as CSV in bounded chunks, so a large table never sits in memory whole."""
    reader = con.execute(query).fetch_record_batch(chunk_rows)
    for batch in reader:
        if batch.num_rows:
            buffer = io.BytesIO()
            pa_csv.write_csv(batch, buffer, pa_csv.WriteOptions(include_header=False))
            yield buffer.getvalue()


def _select_for_copy(schema: str, table: str, columns: list[tuple[str, str]]) -> str:
    """Pass through what Arrow writes as PostgreSQL reads it; everything else (JSON, intervals,
    nested types) goes as its DuckDB text form, and blobs as PostgreSQL hex."""
    parts = []
    for name, dtype in columns:
        quoted = '"' + name.replace('"', '""') + '"'
        target = pg_type(dtype)
        if target == "bytea":
            parts.append(f"'\\x' || hex({quoted}) as {quoted}")
        elif dtype.upper() == "VARCHAR" or target not in {"text", "jsonb", "interval", "uuid", "time"}:
            parts.append(quoted)
        else:
            parts.append(f"cast({quoted} as varchar) as {quoted}")
    return f'select {", ".join(parts)} from "{schema}"."{table}"'


def mirror_sources(duckdb_path: str | Path, pg_url: str, schemas: Iterable[str] = SOURCE_SCHEMAS,
                   chunk_rows: int = CHUNK_ROWS, include_views: bool = False,
                   encryption_key: str | None = None) -> list[MirroredTable]:
    """Replace the PostgreSQL copies of the given DuckDB schemas with their current contents.

    Each table is dropped and recreated with equivalent types, then bulk-loaded with COPY
    from CSV in chunks of `chunk_rows`, all in one transaction: a failed mirror leaves the
    previous copy in place rather than half a new one.

    Args:
        duckdb_path: the warehouse file; opened read-only, so it must not be locked by a writer.
        pg_url: libpq or SQLAlchemy URL of the target database, e.g. postgresql://postgres@127.0.0.1/test.
        schemas: DuckDB schemas to copy; created in PostgreSQL when missing.
        chunk_rows: rows per COPY chunk; bounds memory, not correctness.
        include_views: copy views too, as tables of their current rows (the BI schema is views).
        encryption_key: the key of an encrypted warehouse file (SALESOPS_ENCRYPTION_KEY).

    Returns:
        One entry per table copied, with its row count.
    """
    mirrored: list[MirroredTable] = []
    source = warehouse_file.connect(Path(duckdb_path), encryption_key, read_only=True)
    target = psycopg2.connect(pg_dsn(pg_url))
    try:
        with target, target.cursor() as cursor:
            for schema in schemas:
                cursor.execute(sql.SQL("create schema if not exists {}").format(sql.Identifier(schema)))
                kinds = ["BASE TABLE", "VIEW"] if include_views else ["BASE TABLE"]
                tables = [row[0] for row in source.execute(
                    "select table_name from information_schema.tables where table_schema = ?"
                    " and list_contains(?, table_type) order by table_name", [schema, kinds]).fetchall()]
                for table in tables:
                    mirrored.append(_mirror_table(source, cursor, schema, table, chunk_rows))
    finally:
        target.close()
        source.close()
    return mirrored


def _mirror_table(source: duckdb.DuckDBPyConnection, cursor, schema: str, table: str,
                  chunk_rows: int) -> MirroredTable:
    columns = _columns(source, schema, table)
    relation = sql.Identifier(schema, table)
    cursor.execute(sql.SQL("drop table if exists {} cascade").format(relation))
    cursor.execute(sql.SQL("create table {} ({})").format(relation, sql.SQL(", ").join(
        sql.SQL("{} {}").format(sql.Identifier(name), sql.SQL(pg_type(dtype))) for name, dtype in columns)))
    copy = sql.SQL("copy {} from stdin with (format csv)").format(relation).as_string(cursor)
    for chunk in _csv_chunks(source, _select_for_copy(schema, table, columns), chunk_rows):
        cursor.copy_expert(copy, io.BytesIO(chunk))
    _copy_comments(source, cursor, schema, table, relation)
    cursor.execute(sql.SQL("select count(*) from {}").format(relation))
    return MirroredTable(schema, table, cursor.fetchone()[0])


def _copy_comments(source: duckdb.DuckDBPyConnection, cursor, schema: str, table: str,
                   relation: sql.Identifier) -> None:
    """Table and column comments travel too: BI tools show them as descriptions."""
    comment = source.execute(
        "select comment from duckdb_tables() where schema_name = ? and table_name = ?"
        " union all select comment from duckdb_views() where schema_name = ? and view_name = ?",
        [schema, table, schema, table]).fetchone()
    if comment and comment[0]:
        cursor.execute(sql.SQL("comment on table {} is %s").format(relation), [comment[0]])
    for column, text in source.execute(
            "select column_name, comment from duckdb_columns() where schema_name = ? and table_name = ?"
            " and comment is not null", [schema, table]).fetchall():
        cursor.execute(sql.SQL("comment on column {}.{} is %s").format(relation, sql.Identifier(column)), [text])
