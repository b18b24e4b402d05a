"""The ingestion promise, checked against the warehouse: every row read is loaded or quarantined."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

_MISMATCHES = """
with loads as (
    select batch_id, source_file, rows_read, rows_loaded, rows_quarantined
    from audit.file_loads
    where source_system = $system and entity = $entity and status = 'loaded'
),
raw_counts as (
    select _batch_id as batch_id, count(*) as n from raw.{table} group by all
),
quarantine_counts as (
    select batch_id, count(*) as n from quarantine.rejected_rows
    where source_system = $system and entity = $entity group by all
)
select
    l.source_file,
    l.rows_read,
    l.rows_loaded,
    l.rows_quarantined,
    coalesce(r.n, 0) as rows_in_raw,
    coalesce(q.n, 0) as rows_in_quarantine
from loads as l
left join raw_counts as r using (batch_id)
left join quarantine_counts as q using (batch_id)
where l.rows_read <> l.rows_loaded + l.rows_quarantined
   or l.rows_loaded <> coalesce(r.n, 0)
   or l.rows_quarantined <> coalesce(q.n, 0)
order by l.source_file
"""


@dataclass(frozen=True)
class Reconciliation:
    files_checked: int
    mismatches: list[dict]

    @property
    def ok(self) -> bool:
        return not self.mismatches


def reconcile_entity(con: duckdb.DuckDBPyConnection, system: str, entity: str) -> Reconciliation:
    """Per current file: read = loaded + quarantined, and the raw and quarantine tables agree."""
    params = {"system": system, "entity": entity}
    cursor = con.execute(_MISMATCHES.format(table=f"{system}__{entity}"), params)
    names = [d[0] for d in cursor.description]
    mismatches = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    files = con.execute(
        "select count(*) from audit.file_loads where source_system = $system and entity = $entity"
        " and status = 'loaded'", params,
    ).fetchone()[0]
    return Reconciliation(files, mismatches)
