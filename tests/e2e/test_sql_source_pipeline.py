"""The pipeline reading CRM and ERP from a source database (demo --to-db), POS from files."""

import csv
import json

import duckdb
import pytest

from demodata import generate
from ingestion.contract import ENTITIES
from orchestration.cli import main

pytestmark = pytest.mark.e2e

SYSTEM_OF = {e.name: e.system for e in ENTITIES}


def test_crm_and_erp_from_sqlite_load_like_their_truth(tmp_path, monkeypatch):
    home = tmp_path / "home"
    source = f"sqlite:///{tmp_path / 'source.db'}"
    generate(home / "landing", home / "demo_truth", scale=0.02, seed=5, end_month="2026-10", to_db=source)
    monkeypatch.setenv("SALESOPS_HOME", str(home))
    monkeypatch.setenv("SALESOPS_CRM_DB_URL", source)
    monkeypatch.setenv("SALESOPS_ERP_DB_URL", source)
    for name in ("SALESOPS_LANDING_DIR", "SALESOPS_WAREHOUSE", "DAGSTER_HOME", "SALESOPS_POS_DB_URL"):
        monkeypatch.delenv(name, raising=False)
    assert main(["run", "--skip-sop"]) == 0

    def source_file(truth_name: str) -> str:
        entity = truth_name.removeprefix("db/")
        return f"db:{SYSTEM_OF[entity]}/{entity}" if truth_name.startswith("db/") else truth_name

    truth_dir = home / "demo_truth"
    with (truth_dir / "bad_rows.csv").open(encoding="utf-8") as handle:
        truth = {(source_file(r["file"]), int(r["line"]), r["rule"]) for r in csv.DictReader(handle)}
    expected = json.loads((truth_dir / "expected.json").read_text(encoding="utf-8"))["files"]
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    found = set(con.execute("select source_file, source_line, rule from quarantine.rejected_rows").fetchall())
    loads = {r[0]: r[1:] for r in con.execute(
        "select source_file, rows_read, rows_loaded, rows_quarantined from audit.file_loads where status = 'loaded'"
    ).fetchall()}
    con.close()
    assert found == truth
    db_files = {source_file(name): e for name, e in expected.items() if name.startswith("db/")}
    assert len(db_files) == sum(1 for e in ENTITIES if e.system in ("crm", "erp"))
    for name, e in db_files.items():
        assert loads[name] == (e["records"], e["loaded"], e["quarantined"]), name

    assert main(["run", "--skip-sop"]) == 0  # unchanged source tables load nothing the second time
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    statuses = con.execute("select status, count(*) from audit.file_loads where source_file like 'db:%'"
                           " group by all order by 1").fetchall()
    con.close()
    assert statuses == [("duplicate", len(db_files)), ("loaded", len(db_files))]
