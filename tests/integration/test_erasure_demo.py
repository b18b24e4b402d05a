"""A member erased from a real demo warehouse stays erased through the next pipeline run."""

import argparse

import duckdb
import pytest

from orchestration.cli import main
from orchestration.settings import Settings
from quality.erasure import file_contains
from quality.erasure_cli import run_erase
from tests.conftest import delivered_members

pytestmark = pytest.mark.integration


def test_an_erased_member_leaves_no_trace_after_the_next_run(salesops_home):
    assert main(["demo-data", "--scale", "0.02"]) == 0
    assert main(["run", "--skip-sop"]) == 0  # S&OP forecasts hold no member data and take minutes
    settings = Settings.from_env()
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        member_id = con.execute(
            "select m.member_id from raw.pos__members m join raw.pos__transactions t using (member_id)"
            " where m.phone is not null and length(m.member_name) >= 2 group by 1 order by count(*) desc limit 1"
        ).fetchone()[0]
        sales_before = con.execute("select sum(net_amount) from core.fct_sales_line").fetchone()[0]
    name, phone = next((m["member_name"], m["phone"]) for m in delivered_members(settings.landing_dir)
                       if m["member_id"] == member_id and m["member_name"] and m["phone"])
    assert file_contains(settings.warehouse, [phone])  # the scan can see the person before erasure

    args = argparse.Namespace(member=member_id, customer=None, reason="PIPL art. 47 request", requested_by="steward")
    assert run_erase(args, settings) == 0
    assert file_contains(settings.published_warehouse, [name, phone]) == []  # re-published at once
    assert main(["run", "--skip-sop"]) == 0  # same landing files: nothing reloads, dbt rebuilds

    assert file_contains(settings.warehouse, [name, phone, member_id]) == []
    assert file_contains(settings.published_warehouse, [name, phone, member_id]) == []
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        assert con.execute("select sum(net_amount) from core.fct_sales_line").fetchone()[0] == sales_before
        members = con.execute("select customer_code, member_name, phone from bi.member").fetchall()
    assert members and all(code.startswith("MBR-") and len(code) == 20 for code, _, _ in members)
    assert all(n is None or (n[1:] == "*" * (len(n) - 1)) for _, n, _ in members)
    assert all(p is None or p == "****" or p[3:7] == "****" for _, _, p in members)
