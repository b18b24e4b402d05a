"""Extract files follow the landing layout and naming of EXTRACTS.md, and every entity has some."""

from __future__ import annotations

import re

import numpy as np

from demodata.seasons import history_months, month_end
from ingestion.contract import ENTITIES
from tests.unit.demodata.conftest import END_MONTH
from tests.unit.demodata.reading import records

NAME = re.compile(r"(?P<entity>[a-z_]+)_(?P<date>\d{8})(_(?P<seq>\d+))?\.(csv|xlsx|parquet|jsonl)")


def _files(landing):
    return sorted(p for p in landing.rglob("*") if p.is_file())


def test_every_file_sits_under_its_system_and_entity_with_a_contract_name(demo):
    entities = {(e.system, e.name) for e in ENTITIES}
    for path in _files(demo["landing"]):
        system, name, file_name = path.relative_to(demo["landing"]).parts
        match = NAME.fullmatch(file_name)
        assert match and match["entity"] == name and (system, name) in entities, path


def test_every_entity_has_files_whose_header_is_the_contract(demo):
    for entity in ENTITIES:
        files = sorted((demo["landing"] / entity.system / entity.name).iterdir())
        assert files, entity.table
        for path in files:
            header, _ = records(path)
            assert tuple(header) == entity.column_names, path


def test_big_delta_entities_have_one_file_per_month_cut_on_its_last_day(demo):
    cuts = {str(month_end(m)).replace("-", "") for m in history_months(END_MONTH)}
    for system, name in (("pos", "transactions"), ("erp", "sales_orders")):
        names = [p.name for p in (demo["landing"] / system / name).iterdir()]
        dates = {NAME.fullmatch(n)["date"] for n in names if not NAME.fullmatch(n)["seq"]}
        assert dates == cuts, name


def test_snapshot_entities_come_as_two_or_three_growing_snapshots(demo):
    for entity in (e for e in ENTITIES if e.kind == "snapshot"):
        files = sorted((demo["landing"] / entity.system / entity.name).iterdir())
        assert 2 <= len(files) <= 3, entity.table
        sizes = [demo["expected"]["files"][str(p.relative_to(demo["landing"]))]["records"] for p in files]
        assert sizes[0] != sizes[-1], entity.table


def test_file_count_stays_under_four_hundred(demo):
    assert 100 < len(_files(demo["landing"])) < 400


def test_summary_lists_the_written_files_and_rows(demo):
    summary = demo["summary"]
    assert set(summary.files) == set(_files(demo["landing"]))
    assert summary.rows["pos__transactions"] > summary.rows["erp__sales_orders"] > summary.rows["crm__opportunities"] > 0
    assert summary.truth_dir == demo["truth"] and summary.seconds > 0


def test_history_is_48_months_ending_with_the_end_month():
    months = history_months("2026-10")
    assert len(months) == 48 and months[-1] == np.datetime64("2026-10") and months[0] == np.datetime64("2022-11")
