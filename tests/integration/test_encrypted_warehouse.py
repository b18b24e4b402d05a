"""With SALESOPS_ENCRYPTION_KEY the whole pipeline, the BI copy, erasure and status work on encrypted files."""

import argparse

import pytest

from ingestion.warehouse_file import connect, is_encrypted
from orchestration.cli import main
from orchestration.settings import Settings
from quality.erasure import file_contains
from quality.erasure_cli import run_erase
from tests.conftest import delivered_members

pytestmark = pytest.mark.integration
KEY = "integration-test-key-0123456789"


def test_an_encrypted_warehouse_runs_publishes_erases_and_reports(salesops_home, monkeypatch, capsys):
    monkeypatch.setenv("SALESOPS_ENCRYPTION_KEY", KEY)
    assert main(["demo-data", "--scale", "0.02"]) == 0
    assert main(["run", "--skip-sop"]) == 0
    settings = Settings.from_env()
    member = next(m for m in delivered_members(settings.landing_dir) if m["member_name"] and m["phone"])
    plaintext = [member["member_name"], member["phone"]]

    for path in (settings.warehouse, settings.published_warehouse):
        assert is_encrypted(path) and file_contains(path, plaintext) == []
    with connect(settings.published_warehouse, KEY, read_only=True) as con:
        assert con.execute("select count(*) from core.fct_sales_line").fetchone()[0] > 10_000
        assert con.execute("select count(*) from raw.pos__members where phone = ?", [member["phone"]]).fetchone()[0] > 0
        masked = con.execute("select phone from bi.member where phone is not null limit 1").fetchone()[0]
    assert "****" in masked

    capsys.readouterr()
    assert main(["status"]) == 0
    assert "warehouse.duckdb" in capsys.readouterr().out

    args = argparse.Namespace(member=member["member_id"], customer=None, reason="test", requested_by="steward")
    assert run_erase(args, settings) == 0
    for path in (settings.warehouse, settings.published_warehouse):
        assert is_encrypted(path)
        with connect(path, KEY, read_only=True) as con:
            assert con.execute("select count(*) from raw.pos__members where phone = ?",
                               [member["phone"]]).fetchone() == (0,)

    monkeypatch.delenv("SALESOPS_ENCRYPTION_KEY")
    capsys.readouterr()
    assert main(["status"]) == 2
    assert "SALESOPS_ENCRYPTION_KEY" in capsys.readouterr().err
