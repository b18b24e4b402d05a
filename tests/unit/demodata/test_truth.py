"""The ground truth agrees with the files: every quarantine, flag, count and total re-derived."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from decimal import Decimal

import pytest
from stdnum import ean
from stdnum.cn import uscc

from ingestion.contract import ENTITIES, ROW_RULES, entity
from tests.unit.demodata.reading import clean, expected_bad_rows

FLAG_NAMES = {"invalid_uscc", "bad_barcode_checksum", "unknown_barcode", "unknown_sku", "unknown_customer",
              "unmapped_stage", "out_of_range"}


@pytest.fixture(scope="module")
def parsed(demo) -> dict:
    """Per landing file (not the duplicated copy): entity, bad (line, rule, column) and loaded rows."""
    out = {}
    for name, info in demo["expected"]["files"].items():
        if info.get("duplicate_of"):
            continue
        system, entity_name = name.split("/")[:2]
        e = entity(system, entity_name)
        bad, loaded = expected_bad_rows(e, demo["landing"] / name)
        out[name] = {"entity": e, "bad": bad, "loaded": loaded}
    return out


def _rows(parsed, table):
    for name, info in sorted(parsed.items(), key=lambda kv: _file_order(kv[0])):
        if info["entity"].table == table:
            for line, row in info["loaded"]:
                yield name, line, row


def _file_order(name: str) -> tuple:
    match = re.search(r"_(\d{8})(?:_(\d+))?\.\w+$", name)
    return match[1], int(match[2] or 0)


def test_bad_rows_are_exactly_the_records_a_reader_must_quarantine(demo, parsed):
    truth = defaultdict(set)
    for row in demo["bad_rows"]:
        assert row["rule"] in ROW_RULES
        truth[row["file"]].add((int(row["line"]), row["rule"], row["column"]))
    for name, info in parsed.items():
        assert truth.get(name, set()) == info["bad"], name
    assert set(truth) <= set(parsed)


def test_every_rule_is_seeded_several_times(demo):
    counts = defaultdict(int)
    for row in demo["bad_rows"]:
        counts[row["rule"]] += 1
    assert all(counts[rule] >= 3 for rule in ROW_RULES), dict(counts)


def test_file_counts_match_what_the_files_hold(demo, parsed):
    for name, info in parsed.items():
        expected = demo["expected"]["files"][name]
        records = len(info["bad"]) + len(info["loaded"])
        assert (expected["records"], expected["quarantined"], expected["loaded"]) == (
            records, len(info["bad"]), len(info["loaded"])), name


def _known(parsed):
    known = defaultdict(set)
    for _, _, row in _rows(parsed, "erp__products"):
        known["sku"].add(row["sku"])
        known["product_name"].add(row["product_name"])
        if row["barcode"] and ean.is_valid(row["barcode"]):
            known["barcode"].add(row["barcode"])
    known["customer"] = {row["customer_code"] for _, _, row in _rows(parsed, "erp__customers")}
    known["account"] = {row["account_id"] for _, _, row in _rows(parsed, "crm__accounts")}
    return known


def _flags_of(table: str, row: dict, known: dict, unmapped: set[str]) -> list[str]:
    flags = []
    if table in ("crm__accounts", "erp__customers") and row["uscc"] and not uscc.is_valid(row["uscc"]):
        flags.append("invalid_uscc")
    if table == "erp__products" and row["barcode"] and not ean.is_valid(row["barcode"]):
        flags.append("bad_barcode_checksum")
    if table == "pos__transactions":
        if not ean.is_valid(row["barcode"]):
            flags.append("bad_barcode_checksum")
        if row["barcode"] not in known["barcode"]:
            flags.append("unknown_barcode")
    if row.get("customer_code") is not None and row["customer_code"] not in known["customer"] and table != "erp__customers":
        flags.append("unknown_customer")
    if row.get("account_id") is not None and row["account_id"] not in known["account"] and table != "crm__accounts":
        flags.append("unknown_customer")
    if table in ("erp__sales_orders", "crm__service_tickets") and row["sku"] and row["sku"] not in known["sku"]:
        flags.append("unknown_sku")
    interest = row.get("product_interest")
    if interest and interest not in known["sku"] and interest not in known["product_name"]:
        flags.append("unknown_sku")
    if table == "crm__opportunities" and row["stage"] in unmapped:
        flags.append("unmapped_stage")
    if table == "crm__service_tickets":
        ranges = {"csat": (1, 5), "nps": (0, 10), "ces": (1, 5)}
        if any(row[c] is not None and not lo <= row[c] <= hi for c, (lo, hi) in ranges.items()):
            flags.append("out_of_range")
    return flags


def test_flags_are_exactly_the_loaded_rows_with_a_flaggable_problem(demo, parsed):
    known = _known(parsed)
    unmapped = {r["raw_label"] for r in demo["stage_labels"] if not r["stage_code"]}
    expected = {(name, line, flag) for e in ENTITIES for name, line, row in _rows(parsed, e.table)
                for flag in _flags_of(e.table, row, known, unmapped)}
    truth = {(r["file"], int(r["line"]), r["flag"]) for r in demo["flags"]}
    assert truth == expected
    assert {flag for _, _, flag in truth} == FLAG_NAMES


def _line_net(row) -> Decimal:
    return row["qty"] * row["unit_price"] - (row["discount_amount"] or 0)


@pytest.mark.parametrize("table", ["pos__transactions", "erp__sales_orders"])
def test_sales_totals_match_the_loaded_rows(demo, parsed, table):
    rows = list(_rows(parsed, table))
    totals = demo["expected"]["totals"][table]
    assert Decimal(totals["all_loaded"]) == sum(_line_net(r) for _, _, r in rows)
    latest = {}
    for order, (_, line, row) in enumerate(rows):
        key = tuple(row[k] for k in entity(*table.split("__")).key)
        rank = (row.get("updated_at") or 0, order, line)
        if key not in latest or rank > latest[key][0]:
            latest[key] = (rank, row)
    assert Decimal(totals["latest"]) == sum(_line_net(r) for _, r in latest.values())
    if table == "erp__sales_orders":
        sign = {"shipped": 1, "invoiced": 1, "returned": -1}
        net = sum(_line_net(r) * sign.get(r["status"], 0) for _, r in latest.values())
        assert Decimal(totals["net_sales_latest"]) == net
        assert Decimal(totals["all_loaded"]) != Decimal(totals["latest"])  # re-sends exist


def test_entity_totals_add_up_the_files(demo):
    files = demo["expected"]["files"]
    for table, totals in demo["expected"]["entities"].items():
        mine = [f for f in files.values() if f["entity"] == table and not f.get("duplicate_of")]
        assert totals["records"] == sum(f["records"] for f in mine)
        assert totals["loaded"] == sum(f["loaded"] for f in mine)


def _normal_name(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).replace(" ", "").replace("(", "").replace(")", "")
    return re.sub(r"(股份有限公司|有限责任公司|集团有限公司|有限公司)$", "", text)


def test_customer_truth_covers_every_source_record_once_and_honours_links(demo, parsed):
    truth = {(r["source_system"], r["source_key"]): r["entity_id"] for r in demo["customers"]}
    assert len(truth) == len(demo["customers"])
    erp = {row["customer_code"]: row for _, _, row in _rows(parsed, "erp__customers")}
    crm = {row["account_id"]: row for _, _, row in _rows(parsed, "crm__accounts")}
    assert {k for s, k in truth if s == "erp"} >= set(erp) and {k for s, k in truth if s == "crm"} >= set(crm)
    linked = [(code, row["crm_account_id"]) for code, row in erp.items() if row["crm_account_id"]]
    assert linked and all(truth["erp", code] == truth["crm", account] for code, account in linked)
    shared = {e for (s, _), e in truth.items() if s == "crm"} & {e for (s, _), e in truth.items() if s == "erp"}
    assert len(shared) > 0.4 * len({e for (s, _), e in truth.items() if s == "crm"})


def test_names_differ_across_systems_and_same_names_in_other_cities_are_other_companies(demo, parsed):
    truth = {(r["source_system"], r["source_key"]): r["entity_id"] for r in demo["customers"]}
    erp = {row["customer_code"]: row for _, _, row in _rows(parsed, "erp__customers")}
    crm = {row["account_id"]: row for _, _, row in _rows(parsed, "crm__accounts")}
    erp_names = defaultdict(set)
    for code, row in erp.items():
        erp_names[truth["erp", code]].add(clean(row["customer_name"]))
    variants = [a for a, row in crm.items() if erp_names.get(truth["crm", a]) and clean(row["account_name"])
                not in erp_names[truth["crm", a]]]
    assert len(variants) >= 3
    by_name = defaultdict(set)
    for code, row in erp.items():
        by_name[_normal_name(row["customer_name"])].add((row["city"].rstrip("市"), truth["erp", code]))
    traps = [a for a, row in crm.items() if any(city != row["city"].rstrip("市") and entity_id != truth["crm", a]
                                                 for city, entity_id in by_name.get(_normal_name(row["account_name"]), ()))]
    assert traps


def test_stage_labels_map_every_era_label_and_leave_the_odd_ones_blank(demo):
    labels = {r["raw_label"]: (r["stage_code"], r["stage_name"]) for r in demo["stage_labels"]}
    assert labels["初步接触"] == ("S1", "initial_contact") and labels["Qualification"] == ("S2", "needs_confirmed")
    assert labels["赢单"] == labels["成交"] == labels["Closed Won"] == ("S5", "won")
    assert labels["输单"] == labels["Closed Lost"] == ("S0", "lost")
    assert {code for code, _ in labels.values()} == {"S0", "S1", "S2", "S3", "S4", "S5", ""}
