"""`salesops encrypt`: a plain warehouse and its BI copy become encrypted once, with clear messages."""

import duckdb
import pytest

from ingestion.warehouse_file import connect, is_encrypted
from orchestration.cli import main
from quality.erasure import file_contains

KEY = "unit-test-key-0123456789"


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("SALESOPS_HOME", str(tmp_path))
    for name in ("SALESOPS_WAREHOUSE", "SALESOPS_ENCRYPTION_KEY"):
        monkeypatch.delenv(name, raising=False)
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as con:
        con.execute("create schema raw; create table raw.members as select '13912345678' as phone")
    (tmp_path / "published").mkdir()
    (tmp_path / "published" / "warehouse.duckdb").write_bytes((tmp_path / "warehouse.duckdb").read_bytes())
    return tmp_path


def test_encrypt_rewrites_the_warehouse_and_republishes_the_copy(home, monkeypatch, capsys):
    monkeypatch.setenv("SALESOPS_ENCRYPTION_KEY", KEY)
    assert main(["encrypt"]) == 0
    assert "BI 副本已重新发布" in capsys.readouterr().out
    for path in (home / "warehouse.duckdb", home / "published" / "warehouse.duckdb"):
        assert is_encrypted(path) and file_contains(path, ["13912345678"]) == []
        with connect(path, KEY, read_only=True) as con:
            assert con.execute("select phone from raw.members").fetchall() == [("13912345678",)]
    assert main(["encrypt"]) == 0
    assert "already encrypted" in capsys.readouterr().out


def test_encrypt_without_a_key_changes_nothing(home, capsys):
    assert main(["encrypt"]) == 2
    assert "SALESOPS_ENCRYPTION_KEY" in capsys.readouterr().err
    assert not is_encrypted(home / "warehouse.duckdb")


def test_a_key_on_a_plain_warehouse_is_a_clear_message_not_a_traceback(home, monkeypatch, capsys):
    monkeypatch.setenv("SALESOPS_ENCRYPTION_KEY", KEY)
    (home / "published" / "warehouse.duckdb").unlink()
    assert main(["status"]) == 2
    assert "salesops encrypt" in capsys.readouterr().err
