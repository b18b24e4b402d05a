"""The short summary `salesops run` prints, read from the run's own materialization events."""

from __future__ import annotations

import dagster as dg

_COLUMNS = ("files_loaded", "files_duplicate", "files_rejected", "rows_loaded", "rows_quarantined")


def _value(metadata: dict, name: str) -> int:
    entry = metadata.get(name)
    return int(entry.value) if entry is not None else 0


def print_summary(result: dg.ExecuteInProcessResult, seconds: float) -> None:
    rows = []
    rejected = []
    for event in result.get_asset_materialization_events():
        metadata = event.materialization.metadata
        if "files_loaded" not in metadata:
            continue
        counts = [_value(metadata, c) for c in _COLUMNS]
        if any(counts):
            rows.append((event.asset_key.path[-1], *counts))
        if counts[2]:
            rejected.append(metadata["rejected_files"].value)
    if not rows:
        print(f"没有新数据 / nothing new to load ({seconds:.0f}s)")
        return
    print(f"{'实体 entity':<28}{'文件 files':>12}{'重复 dup':>10}{'拒收 rej':>10}"
          f"{'加载行 loaded':>16}{'隔离行 quarantined':>20}")
    for entity, loaded, dup, rej, rows_loaded, rows_q in sorted(rows):
        print(f"{entity:<28}{loaded:>12}{dup:>10}{rej:>10}{rows_loaded:>16,}{rows_q:>20,}")
    print(f"合计 total: {sum(r[4] for r in rows):,} 行加载 loaded, {sum(r[5] for r in rows):,} 行隔离 quarantined"
          f" in {seconds:.0f}s")
    for text in rejected:
        print("拒收文件 rejected files:\n" + text)
