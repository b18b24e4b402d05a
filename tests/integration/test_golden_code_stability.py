"""Golden customer codes survive a second run with added data; a merge keeps the older code."""

import duckdb
import pytest

from orchestration.cli import main
from tests.conftest import deliver

pytestmark = pytest.mark.integration

ACCOUNTS = "account_id,account_name,uscc,city,created_at\n"
CUSTOMERS = "customer_code,customer_name,uscc,channel,crm_account_id,city\n"
USCC = "91310000607389262R"  # a valid GB 32100 code


def _codes(home) -> dict[str, str]:
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    rows = con.execute("select source_system || ':' || source_key, customer_code from core.customer_xref").fetchall()
    con.close()
    return dict(rows)


def test_codes_are_stable_and_a_merge_keeps_the_older_code(salesops_home):
    home = salesops_home
    landing = home / "landing"
    deliver(landing, "crm", "accounts", "accounts_20261001.csv", ACCOUNTS
            + "A1,上海华联商贸有限公司,,上海,2024-01-01 09:00\nA2,杭州百货有限公司,,杭州,2024-01-01 09:00\n")
    deliver(landing, "erp", "customers", "customers_20261001.csv", CUSTOMERS
            + f"E1,上海华联商贸（有限公司）,,经销,,上海\nE2,杭州百货大楼股份有限公司,{USCC},KA,,杭州\nE3,广州好邻便利店,,直营,,广州\n")
    assert main(["run", "--skip-sop"]) == 0
    first = _codes(home)
    assert first["crm:A1"] == first["erp:E1"]
    assert len({first["crm:A2"], first["erp:E2"], first["erp:E3"], first["crm:A1"]}) == 4

    # A newer snapshot: a new customer, and E2 now links to A2 (new evidence merging two customers).
    deliver(landing, "crm", "accounts", "accounts_20261101.csv", ACCOUNTS
            + "A1,上海华联商贸有限公司,,上海,2024-01-01 09:00\nA2,杭州百货有限公司,,杭州,2024-01-01 09:00\n"
            + "A3,成都德嘉超市有限公司,,成都,2026-10-20 09:00\n")
    deliver(landing, "erp", "customers", "customers_20261101.csv", CUSTOMERS
            + f"E1,上海华联商贸（有限公司）,,经销,,上海\nE2,杭州百货大楼股份有限公司,{USCC},KA,A2,杭州\nE3,广州好邻便利店,,直营,,广州\n"
            + "E4,成都德嘉超市有限公司,,经销,,成都\n")
    assert main(["run", "--skip-sop"]) == 0
    second = _codes(home)

    for key in ("crm:A1", "erp:E1", "erp:E3"):
        assert second[key] == first[key], key
    older = min(first["crm:A2"], first["erp:E2"])
    assert second["crm:A2"] == second["erp:E2"] == older
    assert second["crm:A3"] == second["erp:E4"] and second["crm:A3"] not in first.values()
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    retired = con.execute("select retired_code, surviving_code from mdm.customer_code_retirements").fetchall()
    con.close()
    assert retired == [(max(first["crm:A2"], first["erp:E2"]), older)]
