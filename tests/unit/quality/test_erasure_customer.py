"""Erasing a business customer by golden code: source keys and contacts go, the facts stay."""

from __future__ import annotations

from ingestion.contract import entity
from ingestion.entity_ingest import ingest_entity
from ingestion.warehouse_file import rewrite
from quality.erasure import erase_customer, file_contains
from tests.conftest import TIMEZONE, deliver

SALT = "test-salt"
CONTACT = ("诸葛亮", "13987654321", "kongming@example.com")
ACCOUNTS = ("account_id,account_name,city,decision_maker_name,decision_maker_phone,decision_maker_email,"
            "created_at\n")
CUSTOMERS = "customer_code,customer_name,channel,crm_account_id,city\n"


def test_a_customer_is_erased_by_golden_code(con, landing, tmp_path):
    deliver(landing, "crm", "accounts", "accounts_20261101.csv", ACCOUNTS
            + "A1,卧龙商贸有限公司,成都,{},{},{},2024-01-01 09:00\n".format(*CONTACT)
            + "A2,杭州百货有限公司,杭州,韩梅梅,13700001111,han@example.com,2024-01-01 09:00\n")
    deliver(landing, "erp", "customers", "customers_20261101.csv", CUSTOMERS
            + "E1,卧龙商贸有限公司,经销,A1,成都\nE2,杭州百货有限公司,KA,A2,杭州\n")
    for system, name in (("crm", "accounts"), ("erp", "customers")):
        ingest_entity(con, entity(system, name), landing, TIMEZONE, pii_salt=SALT)
    con.execute("create schema mdm")
    con.execute("create table mdm.customer_registry as select *, 'crm_link' as match_rule from (values"
                " ('crm', 'A1', 'C001'), ('erp', 'E1', 'C001'), ('crm', 'A2', 'C002'), ('erp', 'E2', 'C002'))"
                " t(source_system, source_key, customer_code)")
    con.execute("create schema core")
    con.execute("create table core.fct_invoice as select * from (values ('C001', 500.00), ('C002', 70.00))"
                " t(customer_code, amount)")

    result = erase_customer(con, "C001", SALT, "subject request", "steward")

    assert con.execute("select sum(amount) from core.fct_invoice where customer_code = 'C001'").fetchone()[0] == 500
    keys = con.execute("select source_key from mdm.customer_registry where customer_code = 'C001'").fetchall()
    assert all(k.startswith("ERASED-") for (k,) in keys) and len(keys) == 2
    erp = con.execute("select customer_code, customer_name, crm_account_id from raw.erp__customers"
                      " where customer_code like 'ERASED-%'").fetchone()
    assert erp[1] == erp[0] and erp[2].startswith("ERASED-")  # the name becomes the erased key
    other = con.execute("select decision_maker_phone from raw.crm__accounts where account_id = 'A2'").fetchone()
    assert other == ("13700001111",)
    assert "C001" not in str(con.execute("select * from audit.erasure_log").fetchall())
    assert result.touched["raw.crm__accounts"] == 1
    con.close()
    rewrite(tmp_path / "warehouse.duckdb", None, None)
    assert file_contains(tmp_path / "warehouse.duckdb", [*CONTACT, "卧龙商贸"]) == []
