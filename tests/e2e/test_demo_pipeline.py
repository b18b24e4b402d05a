"""The whole ingestion path on generated demo data, measured against the generator's ground truth."""

import csv
import json
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from demodata import generate
from orchestration.cli import main

pytestmark = pytest.mark.e2e

SCALE = 0.05
# Everything a run builds from the landing files; a second run over the same files must leave them identical.
BUILT_SCHEMAS = ("raw", "quarantine", "reference", "staging", "intermediate", "snapshots", "mdm", "core", "sales")


def _fingerprints(con) -> dict[str, tuple]:
    """Row count and an order-independent hash of every row, per table."""
    tables = con.execute(
        "select table_schema || '.' || table_name from information_schema.tables"
        " where table_type = 'BASE TABLE' and list_contains($schemas, table_schema) order by 1",
        {"schemas": list(BUILT_SCHEMAS)}).fetchall()
    return {name: con.execute(f"select count(*), sum(hash(t)) from {name} as t").fetchone() for (name,) in tables}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SALESOPS_HOME", str(home))
        for name in ("SALESOPS_LANDING_DIR", "SALESOPS_WAREHOUSE", "DAGSTER_HOME", "SALESOPS_CRM_DB_URL",
                     "SALESOPS_ERP_DB_URL", "SALESOPS_POS_DB_URL"):
            patch.delenv(name, raising=False)
        generate(home / "landing", home / "demo_truth", scale=SCALE, seed=11, end_month="2026-10")
        first_exit = main(["run"])
        con = duckdb.connect(str(home / "warehouse.duckdb"))
        counts_after_first = con.execute("select count(*) from audit.file_loads").fetchone()[0]
        fingerprints_after_first = _fingerprints(con)
        con.close()
        second_exit = main(["run"])
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    yield {"home": home, "truth": home / "demo_truth", "con": con, "first_exit": first_exit,
           "second_exit": second_exit, "audit_rows_after_first": counts_after_first,
           "fingerprints_after_first": fingerprints_after_first}
    con.close()


def _expected(demo) -> dict:
    return json.loads((demo["truth"] / "expected.json").read_text())


def test_both_runs_succeed(demo):
    assert demo["first_exit"] == 0 and demo["second_exit"] == 0


def test_every_file_reconciles_with_the_truth(demo):
    expected = _expected(demo)["files"]
    audit = {row[0]: row[1:] for row in demo["con"].execute(
        "select source_file, status, rows_read, rows_loaded, rows_quarantined from audit.file_loads").fetchall()}
    assert set(audit) == set(expected)
    for source_file, truth in expected.items():
        status, read, loaded, quarantined = audit[source_file]
        assert read == loaded + quarantined, source_file
        if truth.get("duplicate_of"):
            assert (status, loaded) == ("duplicate", 0), source_file
        else:
            assert (status, read, loaded, quarantined) == (
                "loaded", truth["records"], truth["loaded"], truth["quarantined"]), source_file


def test_every_seeded_bad_row_is_quarantined_with_its_rule(demo):
    with (demo["truth"] / "bad_rows.csv").open(encoding="utf-8") as handle:
        truth = {(r["file"], int(r["line"]), r["rule"]) for r in csv.DictReader(handle)}
    found = set(demo["con"].execute(
        "select source_file, source_line, rule from quarantine.rejected_rows where status = 'open'").fetchall())
    assert truth, "the generator seeded no bad rows"
    assert found == truth


def test_second_run_over_unchanged_files_loads_nothing(demo):
    con = demo["con"]
    assert con.execute("select count(*) from audit.file_loads").fetchone()[0] == demo["audit_rows_after_first"]


def test_second_run_over_the_same_input_leaves_every_built_table_identical(demo):
    first = demo["fingerprints_after_first"]
    assert {name.split(".")[0] for name in first} == set(BUILT_SCHEMAS)
    assert _fingerprints(demo["con"]) == first


def test_pos_sales_total_matches_to_the_cent(demo):
    totals = _expected(demo)["totals"]
    actual = demo["con"].execute(
        "select sum(qty * unit_price - coalesce(discount_amount, 0)) from raw.pos__transactions").fetchone()[0]
    assert Decimal(actual).quantize(Decimal("0.01")) == Decimal(totals["pos__transactions"]["all_loaded"])


def test_landing_and_truth_are_apart(demo):
    landing = Path(demo["home"]) / "landing"
    assert not any(p.is_relative_to(landing) for p in demo["truth"].rglob("*"))


def _pairs(groups: dict[str, set]) -> set[frozenset]:
    return {frozenset((a, b)) for members in groups.values() for a in members for b in members if a < b}


def test_customer_matching_precision_and_recall_against_the_truth(demo):
    truth: dict[str, set] = {}
    with (demo["truth"] / "customers.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            truth.setdefault(row["entity_id"], set()).add(f"{row['source_system']}:{row['source_key']}")
    predicted: dict[str, set] = {}
    for system, key, code in demo["con"].execute(
            "select source_system, source_key, customer_code from core.customer_xref").fetchall():
        predicted.setdefault(code, set()).add(f"{system}:{key}")
    delivered = set().union(*predicted.values())
    assert delivered <= set().union(*truth.values())
    truth = {entity: members & delivered for entity, members in truth.items()}  # quarantined keys never load
    true_pairs, predicted_pairs = _pairs(truth), _pairs(predicted)
    precision = len(true_pairs & predicted_pairs) / len(predicted_pairs)
    recall = len(true_pairs & predicted_pairs) / len(true_pairs)
    assert precision >= 0.99 and recall >= 0.97, (precision, recall)


def test_sales_fact_reconciles_with_the_truth_to_the_cent(demo):
    totals = _expected(demo)["totals"]
    pos, erp_revenue = demo["con"].execute(
        "select sum(net_amount) filter (where source_system = 'pos'),"
        " sum(net_amount) filter (where source_system = 'erp' and is_revenue) from core.fct_sales_line").fetchone()
    assert pos == Decimal(totals["pos__transactions"]["latest"])
    assert erp_revenue == Decimal(totals["erp__sales_orders"]["net_sales_latest"])


def test_unknown_products_are_counted_under_the_unknown_member(demo):
    flags = set()
    with (demo["truth"] / "flags.csv").open(encoding="utf-8") as handle:
        flags = {r["flag"] for r in csv.DictReader(handle) if r["file"].startswith("pos/")}
    unknown = demo["con"].execute(
        "select count(*) from core.fct_sales_line where source_system = 'pos' and product_code = 'UNKNOWN'"
    ).fetchone()[0]
    assert "unknown_barcode" in flags and unknown > 0
