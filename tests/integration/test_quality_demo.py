"""The quality rules on generated demo extracts find exactly the defects the generator planted."""

import csv
from collections import Counter

import duckdb
import pytest

from demodata import generate
from ingestion.contract import entity
from ingestion.entity_ingest import ingest_entity
from ingestion.schema import ensure_schema
from quality.runner import validate

pytestmark = pytest.mark.integration

# Entities that carry planted row flags; the rest would only add load time.
ENTITIES = (("crm", "accounts"), ("crm", "opportunities"), ("crm", "service_tickets"), ("erp", "customers"),
            ("erp", "products"), ("pos", "transactions"))
# Truth flag -> the rules that must count exactly those rows.
FLAG_RULES = {
    "invalid_uscc": ("raw.crm__accounts.uscc_checksum", "raw.erp__customers.uscc_checksum"),
    "bad_barcode_checksum": ("raw.erp__products.barcode_ean13", "raw.pos__transactions.barcode_ean13"),
    "unmapped_stage": ("raw.crm__opportunities.stage_in_set",),
    "out_of_range": ("raw.crm__service_tickets.csat_range", "raw.crm__service_tickets.nps_range",
                     "raw.crm__service_tickets.ces_range"),
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    home = tmp_path_factory.mktemp("quality_demo")
    generate(home / "landing", home / "truth", scale=0.02, seed=5, end_month="2026-10")
    con = duckdb.connect(str(home / "warehouse.duckdb"))
    ensure_schema(con)
    for system, name in ENTITIES:
        ingest_entity(con, entity(system, name), home / "landing", "Asia/Shanghai", None)
    with open(home / "truth" / "flags.csv", encoding="utf-8", newline="") as handle:
        flags = list(csv.DictReader(handle))
    yield con, flags
    con.close()


def test_planted_defects_are_found_row_for_row(demo):
    con, flags = demo
    outcome = validate(con, "raw")
    results = {r.rule.id: r for r in outcome.results}
    planted = Counter(f["flag"] for f in flags)
    for flag, rule_ids in FLAG_RULES.items():
        found = sum(results[rule_id].unexpected_count for rule_id in rule_ids)
        assert found == planted[flag], flag
    where = {(f["file"], int(f["line"])) for f in flags}
    for rule_ids in FLAG_RULES.values():
        for rule_id in rule_ids:
            for sample in results[rule_id].failing_samples:
                assert (sample["_source_file"], sample["_source_line"]) in where, rule_id


def test_demo_raw_layer_has_no_critical_failure(demo):
    con, _ = demo
    outcome = validate(con, "raw", persist=False)
    assert outcome.failed_critical == [], outcome.message()
