"""BI views over the S&OP tables: `bi.sop_*`, with the tables' Chinese and English comments.

The `sop` tables are written by the forecasting cycle, after dbt has built `bi`, so their views
are made here rather than by dbt. They hold no personal data.
"""

from __future__ import annotations

import duckdb

from ingestion.sql_types import literal

SOP_TABLES = ("forecast", "consensus_forecast", "forecast_accuracy", "replenishment")



def ensure_sop_bi_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Create or replace `bi.sop_<table>` for each S&OP table present; return the view names."""
    con.execute("create schema if not exists bi")
    made = []
    for table in SOP_TABLES:
        exists = con.execute("select comment from duckdb_tables() where schema_name = 'sop' and table_name = ?",
                             [table]).fetchone()
        if exists is None:
            continue
        view = f"bi.sop_{table}"
        con.execute(f"create or replace view {view} as select * from sop.{table}")
        if exists[0]:
            con.execute(f"comment on view {view} is {literal(exists[0])}")
        for column, comment in con.execute(
                "select column_name, comment from duckdb_columns() where schema_name = 'sop' and table_name = ?"
                " and comment is not null", [table]).fetchall():
            con.execute(f'comment on column {view}."{column}" is {literal(comment)}')
        made.append(view)
    return made
