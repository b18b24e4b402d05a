"""The registry: one ingest stage per contract entity, in contract order, each counting the rows it read."""

import pytest

from benchmarks.stages import STAGES, StageContext, ingest, reset_warehouse, select
from ingestion.contract import ENTITIES, entity
from orchestration.settings import Settings
from tests.conftest import deliver


def test_generation_comes_first_then_one_ingest_stage_per_entity_in_contract_order():
    assert list(STAGES)[:1 + len(ENTITIES)] == ["generate", *(f"ingest:{e.table}" for e in ENTITIES)]
    assert "ingest:pos__transactions" in STAGES


def test_selected_stages_run_in_registry_order_whatever_order_they_are_given():
    assert select(["ingest:pos__transactions", "generate"]) == ["generate", "ingest:pos__transactions"]
    assert select(None) == list(STAGES)


def test_an_unknown_stage_is_an_error_that_lists_the_valid_ones():
    with pytest.raises(ValueError, match=r"unknown stage.*forecast.*choose from: generate, ingest:crm__accounts"):
        select(["forecast"])


def test_the_ingest_stage_loads_the_landing_files_and_counts_rows_read_quarantined_included(tmp_path):
    context = StageContext(tmp_path, 1.0, Settings.from_env({}))
    deliver(context.landing_dir, "erp", "invoices", "invoices_20261031.csv",
            "invoice_id,order_id,customer_code,invoice_date,amount,due_date,paid_amount,paid_date\n"
            "I1,O1,C1,2026-10-01,100,,,\nI2,O2,C1,2026-10-02,-5,,,\n")
    assert ingest(entity("erp", "invoices"), context) == 2
    assert context.warehouse.exists()
    reset_warehouse(context)
    assert not context.warehouse.exists()
