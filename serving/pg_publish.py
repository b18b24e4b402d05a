"""Publish the `bi` schema to PostgreSQL for BI tools that prefer it, readable by `bi_reader` only.

The rows come from the published DuckDB copy (never the live file), as tables with the views'
comments. `bi_reader` may read `bi` and nothing else: no other schema, no writes, no DDL.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import psycopg2
from psycopg2 import sql

from ingestion.pg_mirror import mirror_sources, pg_dsn

BI_SCHEMA = "bi"
READER_ROLE = "bi_reader"


@dataclass(frozen=True)
class PgPublication:
    tables: int
    rows: int


def publish_bi(published_copy: Path, pg_url: str, reader_password: str | None = None,
               encryption_key: str | None = None) -> PgPublication:
    """Replace PostgreSQL's `bi` schema with the published copy's `bi` views and grant `bi_reader` read access.

    The role is created when missing (with LOGIN when a password is given); its grants are reset on
    every publish, so new tables are covered and nothing else is.
    """
    mirrored = mirror_sources(published_copy, pg_url, schemas=(BI_SCHEMA,), include_views=True,
                              encryption_key=encryption_key)
    connection = psycopg2.connect(pg_dsn(pg_url))
    try:
        with connection, connection.cursor() as cursor:
            _ensure_reader(cursor, reader_password)
            schema, role = sql.Identifier(BI_SCHEMA), sql.Identifier(READER_ROLE)
            cursor.execute(sql.SQL("revoke all on schema public from {}").format(role))
            cursor.execute(sql.SQL("grant usage on schema {} to {}").format(schema, role))
            cursor.execute(sql.SQL("grant select on all tables in schema {} to {}").format(schema, role))
    finally:
        connection.close()
    return PgPublication(len(mirrored), sum(table.rows for table in mirrored))


def _ensure_reader(cursor, password: str | None) -> None:
    cursor.execute("select 1 from pg_roles where rolname = %s", [READER_ROLE])
    role = sql.Identifier(READER_ROLE)
    if cursor.fetchone() is None:
        cursor.execute(sql.SQL("create role {} nologin").format(role))
    if password:
        cursor.execute(sql.SQL("alter role {} login password %s").format(role), [password])
