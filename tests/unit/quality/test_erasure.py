"""Erasing a POS member: facts keep their amounts, no personal byte stays in the file, no comeback."""

from __future__ import annotations

import argparse
from types import SimpleNamespace

import duckdb
import pytest

from ingestion.contract import entity
from ingestion.entity_ingest import ingest_entity
from ingestion.warehouse_file import rewrite
from quality.erasure import erase_member, file_contains
from quality.erasure_cli import run_erase
from tests.conftest import TIMEZONE, deliver

SALT = "test-salt"
NAME, PHONE = "欧阳娜娜", "13812345678"
MEMBERS = "member_id,member_name,phone,birth_date,registered_at,home_store_id\n"
TRANSACTIONS = "receipt_id,line_no,store_id,sold_at,barcode,qty,unit_price,discount_amount,member_id,payment_method\n"


def _ingest(con, landing, system, name, salt=SALT):
    return ingest_entity(con, entity(system, name), landing, TIMEZONE, pii_salt=salt)


@pytest.fixture
def warehouse(con, landing, tmp_path):
    """Two members and their receipts, a quarantined copy holding the phone, a snapshot-like history."""
    deliver(landing, "pos", "members", "members_20261101.csv", MEMBERS
            + f"M001,{NAME},{PHONE},1990-05-06,2024-01-01 09:00,ST01\n"
            + "M002,李雷,13900001111,1985-01-02,2024-01-01 09:00,ST01\n"
            + f"M001,{NAME},{PHONE},1990-13-45,2024-01-01 09:00,ST01\n")  # invalid date: quarantined
    deliver(landing, "pos", "transactions", "transactions_20261101.csv", TRANSACTIONS
            + "R1,1,ST01,2026-11-01 10:00,6901234567892,2,50.00,0,M001,cash\n"
            + "R2,1,ST01,2026-11-01 11:00,6901234567892,1,80.00,0,M002,cash\n")
    _ingest(con, landing, "pos", "members")
    _ingest(con, landing, "pos", "transactions")
    con.execute("create schema snapshots")
    con.execute("create table snapshots.snap_pos__members as select member_id, member_name, phone,"
                " _loaded_at as dbt_valid_from from raw.pos__members")
    con.execute("create schema core")
    con.execute("create table core.fct_sales_line as select 'MBR-' || member_id as customer_code,"
                " qty * unit_price as net_amount from raw.pos__transactions")
    con.execute("checkpoint")
    return tmp_path / "warehouse.duckdb"


def test_facts_keep_their_amounts_under_a_pseudonymous_key(con, warehouse):
    result = erase_member(con, "M001", SALT, "subject request", "steward")
    lines = dict(con.execute("select customer_code, net_amount from core.fct_sales_line").fetchall())
    erased = [code for code in lines if code.startswith("MBR-ERASED-")]
    assert len(erased) == 1 and float(lines[erased[0]]) == 100.0 and float(lines["MBR-M002"]) == 80.0
    assert con.execute("select member_id from raw.pos__transactions order by receipt_id").fetchall()[1] == ("M002",)
    master = con.execute("select member_name, phone, birth_date from raw.pos__members where member_id like 'ERASED-%'")
    assert master.fetchall() == [(None, None, None)]
    assert con.execute("select count(*) from snapshots.snap_pos__members where member_name = ?", [NAME]).fetchone() == (0,)
    assert result.touched["raw.pos__transactions"] == 1 and result.touched["quarantine.rejected_rows"] == 1


def test_the_log_holds_no_personal_data_not_even_the_id(con, warehouse):
    erase_member(con, "M001", SALT, "subject request", "steward")
    log = str(con.execute("select * from audit.erasure_log").fetchall())
    suppressions = str(con.execute("select * from audit.erasure_suppressions").fetchall())
    for secret in ("M001", NAME, PHONE):
        assert secret not in log and secret not in suppressions


def test_no_byte_of_the_person_survives_in_the_file(con, warehouse):
    assert file_contains(warehouse, [NAME, PHONE]) == [NAME, PHONE]  # the scan sees them before
    erase_member(con, "M001", SALT, None, "steward")
    con.close()
    rewrite(warehouse, None, None)
    assert file_contains(warehouse, ["M001", NAME, PHONE]) == []
    with duckdb.connect(str(warehouse)) as reopened:  # the rewritten file is a working warehouse
        assert reopened.execute("select count(*) from raw.pos__members").fetchone() == (2,)
        assert reopened.execute("select nextval('audit.batch_id_seq')").fetchone()[0] > 2


def test_a_redelivered_member_loads_pseudonymised(con, landing, warehouse):
    erase_member(con, "M001", SALT, None, "steward")
    deliver(landing, "pos", "members", "members_20261102.csv", MEMBERS
            + f"m001 ,{NAME},{PHONE},1990-05-06,2024-01-01 09:00,ST01\n"
            + f"M001,{NAME},{PHONE}\n"  # malformed: too few fields
            + f"M001,{NAME},{PHONE},not-a-date,2024-01-01 09:00,ST01\n")
    deliver(landing, "pos", "transactions", "transactions_20261102.csv", TRANSACTIONS
            + "R3,1,ST01,2026-11-02 10:00,6901234567892,1,30.00,0,M001,cash\n")
    members = _ingest(con, landing, "pos", "members")[-1]
    receipts = _ingest(con, landing, "pos", "transactions")[-1]
    assert (members.rows_read, members.rows_loaded, members.rows_quarantined) == (3, 1, 2)
    assert (receipts.rows_read, receipts.rows_loaded) == (1, 1)
    loaded = con.execute("select member_id, member_name, phone from raw.pos__members where _batch_id = ?",
                         [members.batch_id]).fetchall()
    assert loaded[0][0].startswith("ERASED-") and loaded[0][1:] == (None, None)
    assert con.execute("select member_id from raw.pos__transactions where receipt_id = 'R3'").fetchone()[0] == loaded[0][0]
    quarantined = con.execute("select raw_values::varchar, detail from quarantine.rejected_rows where batch_id = ?",
                              [members.batch_id]).fetchall()
    assert len(quarantined) == 2
    assert NAME not in str(quarantined) and PHONE not in str(quarantined) and "M001" not in str(quarantined)


def test_the_loader_refuses_to_load_an_erased_person_without_the_salt(con, landing, warehouse):
    erase_member(con, "M001", SALT, None, "steward")
    deliver(landing, "pos", "members", "members_20261102.csv", MEMBERS + f"M001,{NAME},{PHONE},,,ST01\n")
    with pytest.raises(RuntimeError, match="PII salt"):
        _ingest(con, landing, "pos", "members", salt=None)
    assert con.execute("select count(*) from raw.pos__members where member_name = ?", [NAME]).fetchone() == (0,)
    assert con.execute("select count(*) from audit.file_loads where source_file like '%20261102%'").fetchone() == (0,)


def test_the_command_prints_counts_but_no_personal_data_and_republishes(con, warehouse, tmp_path, capsys):
    published = tmp_path / "published" / warehouse.name
    published.parent.mkdir()
    published.write_bytes(warehouse.read_bytes())
    con.close()
    settings = SimpleNamespace(warehouse=warehouse, published_warehouse=published, pii_salt=SALT,
                               writer_lock_timeout=5, bi_db_url=None, bi_reader_password=None,
                               encryption_key=None)
    args = argparse.Namespace(member="M001", customer=None, reason=None, requested_by="steward")
    assert run_erase(args, settings) == 0
    printed = capsys.readouterr().out
    assert "raw.pos__transactions: 1" in printed
    assert not any(secret in printed for secret in ("M001", NAME, PHONE))
    assert file_contains(warehouse, [NAME, PHONE]) == [] and file_contains(published, [NAME, PHONE]) == []
