"""The short summary `salesops run` prints: what each entity received in this run."""

from __future__ import annotations

from orchestration.warehouse import WarehouseResource

_SUMMARY = """
select source_system || '.' || entity as entity,
       count(*) filter (where status in ('loaded', 'superseded')) as files_loaded,
       count(*) filter (where status = 'duplicate') as files_duplicate,
       count(*) filter (where status = 'rejected') as files_rejected,
       coalesce(sum(rows_loaded), 0) as rows_loaded,
       coalesce(sum(rows_quarantined), 0) as rows_quarantined
from audit.file_loads where batch_id > ? group by all order by entity
"""


def last_batch_id(warehouse: WarehouseResource) -> int:
    with warehouse.writer() as con:
        return con.execute("select coalesce(max(batch_id), 0) from audit.file_loads").fetchone()[0]


def print_summary(warehouse: WarehouseResource, after_batch: int, seconds: float) -> None:
    with warehouse.writer() as con:
        rows = con.execute(_SUMMARY, [after_batch]).fetchall()
        rejected = con.execute(
            "select source_file, reason from audit.file_loads where batch_id > ? and status = 'rejected'"
            " order by source_file", [after_batch]).fetchall()
    if not rows:
        print(f"没有新数据 / nothing new to load ({seconds:.0f}s)")
        return
    print(f"{'实体 entity':<28}{'文件 files':>12}{'重复 dup':>10}{'拒收 rej':>10}{'加载行 loaded':>16}{'隔离行 quarantined':>20}")
    for entity, loaded, dup, rej, rows_loaded, rows_q in rows:
        print(f"{entity:<28}{loaded:>12}{dup:>10}{rej:>10}{rows_loaded:>16,}{rows_q:>20,}")
    print(f"合计 total: {sum(r[4] for r in rows):,} 行加载 loaded, {sum(r[5] for r in rows):,} 行隔离 quarantined"
          f" in {seconds:.0f}s")
    for source_file, reason in rejected:
        print(f"  拒收 rejected {source_file}: {reason}")
