"""With SALESOPS_ENCRYPTION_KEY the whole pipeline, the BI copy, erasure and status work on encrypted files."""

import argparse
import csv

import pytest

from ingestion.warehouse_file import connect, is_encrypted
from orchestration.cli import main
from orchestration.settings import Settings
from quality.erasure import file_contains
from quality.erasure_cli import run_erase

pytestmark = pytest.mark.integration
KEY = "integration-test-key-0123456789"


def _a_member(landing) -> dict[str, str]:
    """A member as delivered, with a name and a phone (the demo writes member files as UTF-8 or GB18030)."""
    for path in sorted((landing / "pos" / "members").glob("*.csv")):
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("gb18030")
        for row in csv.DictReader(text.splitlines()):
            if row["member_name"].strip() and row["phone"].strip():
                return {k: v.strip() for k, v in row.items()}
    raise AssertionError("no member with a name and a phone in the demo")


def test_an_encrypted_warehouse_runs_publishes_erases_and_reports(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SALESOPS_HOME", str(tmp_path / "home"))
    for name in ("SALESOPS_LANDING_DIR", "SALESOPS_WAREHOUSE", "DAGSTER_HOME", "SALESOPS_CRM_DB_URL",
                 "SALESOPS_ERP_DB_URL", "SALESOPS_POS_DB_URL", "SALESOPS_BI_DB_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SALESOPS_ENCRYPTION_KEY", KEY)
    assert main(["demo-data", "--scale", "0.02"]) == 0
    assert main(["run", "--skip-sop"]) == 0
    settings = Settings.from_env()
    member = _a_member(settings.landing_dir)
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
