"""The asset graph of the real Definitions, snapshotted so every change to it is a reviewable diff.

Regenerate after an intended change with SALESOPS_UPDATE_SNAPSHOTS=1.
"""

import os
from pathlib import Path

from orchestration.definitions import build_definitions
from orchestration.settings import Settings

SNAPSHOT = Path(__file__).with_name("asset_graph.snapshot.txt")


def render_graph(tmp_path: Path) -> str:
    defs = build_definitions(Settings.from_env({"SALESOPS_HOME": str(tmp_path)}))
    graph = defs.resolve_asset_graph()
    lines = []
    for key in sorted(graph.get_all_asset_keys(), key=lambda k: k.to_user_string()):
        node = graph.get(key)
        deps = ", ".join(sorted(p.to_user_string() for p in node.parent_keys)) or "-"
        checks = ", ".join(sorted(c.name for c in node.check_keys)) or "-"
        lines.append(f"{key.to_user_string()}  group={node.group_name}  deps=[{deps}]  checks=[{checks}]")
    lines.append("jobs: " + ", ".join(sorted(j.name for j in defs.resolve_all_job_defs())))
    lines.append("schedules: " + ", ".join(sorted(s.name for s in defs.schedules or [])))
    lines.append("sensors: " + ", ".join(sorted(s.name for s in defs.sensors or [])))
    return "\n".join(lines) + "\n"


def test_asset_graph_matches_snapshot(tmp_path):
    rendered = render_graph(tmp_path)
    if os.environ.get("SALESOPS_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(rendered)
    assert SNAPSHOT.exists(), "no snapshot yet: run once with SALESOPS_UPDATE_SNAPSHOTS=1 and review it"
    assert rendered == SNAPSHOT.read_text()
