"""CRM and ERP written as typed tables of a source database, with truth for the rows the loader reads.

SQLite always runs; PostgreSQL and MariaDB run when the local servers are up (their own
database, demodata_test, is created so other tests' tables are left alone).
"""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from stdnum.cn import uscc

from demodata import generate
from ingestion.contract import ENTITIES, NON_NEGATIVE_AMOUNTS
from tests.unit.demodata.conftest import _csv

SERVERS = {
    "postgres": ("postgresql+psycopg2://postgres@127.0.0.1:5432", "postgres"),
    "mariadb": ("mysql+pymysql://root@127.0.0.1:3306", "test"),
}
DB_ENTITIES = [e for e in ENTITIES if e.system in ("crm", "erp")]


def _server_database(kind: str) -> str:
    """URL of a demodata_test database on the local server, or pytest.skip saying why not."""
    base, admin_db = SERVERS[kind]
    try:
        engine = sa.create_engine(f"{base}/{admin_db}", isolation_level="AUTOCOMMIT",
                                  connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            if kind == "postgres":
                exists = conn.execute(sa.text("select 1 from pg_database where datname = 'demodata_test'")).scalar()
                if not exists:
                    conn.execute(sa.text("create database demodata_test"))
            else:
                conn.execute(sa.text("create database if not exists demodata_test"))
        engine.dispose()
    except Exception as exc:  # any driver error means the server is not usable here
        pytest.skip(f"{kind} at {base.split('@')[-1]} not reachable: {type(exc).__name__}")
    return f"{base}/demodata_test"


def _check_database(url: str, root) -> None:
    generate(root / "landing", root / "truth", scale=0.02, seed=9, end_month="2026-10", to_db=url)
    assert not (root / "landing" / "crm").exists() and not (root / "landing" / "erp").exists()
    assert any((root / "landing" / "pos" / "transactions").iterdir())
    expected = json.loads((root / "truth" / "expected.json").read_text(encoding="utf-8"))
    bad = _csv(root / "truth" / "bad_rows.csv")
    flags = _csv(root / "truth" / "flags.csv")
    engine = sa.create_engine(url)
    inspector = sa.inspect(engine)
    with engine.connect() as conn:
        for entity in DB_ENTITIES:
            columns = {c["name"]: c["type"] for c in inspector.get_columns(entity.name)}
            assert list(columns) == list(entity.column_names), entity.name
            for column in entity.columns:
                if column.type == "money":
                    assert columns[column.name].scale == 2, column.name
            order = [*entity.key, *(["updated_at"] if entity.has_updated_at else [])]
            table = sa.table(entity.name, *[sa.column(c) for c in entity.column_names])
            rows = conn.execute(sa.select(table).order_by(*[sa.column(c) for c in order])).mappings().all()
            name = f"db/{entity.name}"
            assert expected["files"][name]["records"] == len(rows)
            mine = [r for r in bad if r["file"] == name]
            for row in mine:
                record = rows[int(row["line"]) - 1]
                if row["rule"] == "missing_required":
                    assert record[row["column"]] is None
                elif row["rule"] == "negative_amount":
                    assert record[row["column"]] < 0
                else:
                    assert row["rule"] == "duplicate_key"
                    following = rows[int(row["line"])]
                    assert all(record[k] == following[k] for k in entity.key)
            listed = {int(r["line"]) for r in mine}
            for line, record in enumerate(rows, start=1):
                broken = any(record[c.name] is None for c in entity.columns if c.required) or any(
                    record[c] is not None and record[c] < 0 for c in NON_NEGATIVE_AMOUNTS if c in record)
                assert not broken or line in listed, (entity.name, line)
            for row in (r for r in flags if r["file"] == name and r["flag"] == "invalid_uscc"):
                assert not uscc.is_valid(rows[int(row["line"]) - 1]["uscc"])
    engine.dispose()
    rules = {r["rule"] for r in bad if r["file"].startswith("db/")}
    assert rules == {"missing_required", "negative_amount", "duplicate_key"}
    assert {r["flag"] for r in flags if r["file"].startswith("db/")} >= {"invalid_uscc", "unmapped_stage", "unknown_sku"}


def test_sqlite_source_database(tmp_path):
    _check_database(f"sqlite:///{tmp_path / 'source.db'}", tmp_path)


@pytest.mark.postgres
def test_postgres_source_database(tmp_path):
    _check_database(_server_database("postgres"), tmp_path)


@pytest.mark.mariadb
def test_mariadb_source_database(tmp_path):
    _check_database(_server_database("mariadb"), tmp_path)
