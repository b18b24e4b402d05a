"""Golden codes are stable: kept across runs, the older survives a merge, a split never shares one."""

import datetime as dt

import duckdb
import pandas as pd

from matching.registry import assign_codes, update_registry


def matches(*clusters):
    rows = [(key.split(":")[0], key.split(":")[1], f"c{i}", "name_city", 0.95)
            for i, members in enumerate(clusters) for key in members]
    return pd.DataFrame(rows, columns=["source_system", "source_key", "cluster_key", "match_rule", "match_confidence"])


def previous(**codes):
    return pd.DataFrame([(k.split("_")[0], k.split("_")[1], c) for k, c in codes.items()],
                        columns=["source_system", "source_key", "customer_code"])


def codes(result):
    return dict(zip(result["source_system"] + ":" + result["source_key"], result["customer_code"], strict=True))


EMPTY = previous()


def test_first_run_numbers_clusters():
    result, retired = assign_codes(EMPTY, matches(["crm:A1", "erp:E1"], ["crm:A2"]))
    assert codes(result) == {"crm:A1": "C0000001", "erp:E1": "C0000001", "crm:A2": "C0000002"}
    assert retired == []


def test_codes_survive_a_rerun_and_new_keys_join_their_customer():
    result, _ = assign_codes(previous(crm_A1="C0000007", crm_A2="C0000003"),
                             matches(["crm:A1", "erp:E1"], ["crm:A2"], ["erp:E5"]))
    assert codes(result) == {"crm:A1": "C0000007", "erp:E1": "C0000007", "crm:A2": "C0000003", "erp:E5": "C0000008"}


def test_a_merge_keeps_the_older_code_and_retires_the_other():
    result, retired = assign_codes(previous(crm_A1="C0000002", erp_E1="C0000001"), matches(["crm:A1", "erp:E1"]))
    assert set(codes(result).values()) == {"C0000001"}
    assert retired == [("C0000002", "C0000001")]


def test_a_split_never_gives_one_code_to_two_customers():
    result, retired = assign_codes(previous(crm_A1="C0000001", erp_E1="C0000001", erp_E2="C0000001"),
                                   matches(["crm:A1", "erp:E1"], ["erp:E2"]))
    assert codes(result) == {"crm:A1": "C0000001", "erp:E1": "C0000001", "erp:E2": "C0000002"}
    assert retired == []


def test_registry_persists_and_keeps_history(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    first = dt.datetime(2026, 10, 1)
    update_registry(con, matches(["crm:A1"], ["erp:E1"]), first)
    stats = update_registry(con, matches(["crm:A1", "erp:E1"]), dt.datetime(2026, 11, 1))
    assert stats["codes_retired"] == 1 and stats["customers"] == 1
    rows = con.execute("select source_key, customer_code, first_seen_at from mdm.customer_registry order by 1").fetchall()
    assert rows == [("A1", "C0000001", first), ("E1", "C0000001", first)]
    assert con.execute("select retired_code, surviving_code from mdm.customer_code_retirements").fetchall() == [
        ("C0000002", "C0000001")]
    update_registry(con, matches(["crm:A1"]), dt.datetime(2026, 12, 1))
    assert con.execute("select count(*) from mdm.customer_registry").fetchone()[0] == 2
