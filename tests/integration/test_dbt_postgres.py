"""The dbt project builds unchanged on PostgreSQL from sources mirrored out of the DuckDB warehouse."""

import re
from decimal import Decimal
from pathlib import Path

import duckdb
import psycopg2
import pytest
from dbt.cli.main import dbtRunner

from demodata import generate
from ingestion.pg_mirror import mirror_sources
from orchestration.cli import main
from tests.postgres import PG_SERVER, pg_url

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

DBT_PROJECT = Path(__file__).resolve().parents[2] / "dbt_project"
SALES_TOTALS = "select count(*), sum(net_amount) from core.fct_sales_line"
MASKED_MEMBERS = "select customer_code, member_name, phone, birth_date from bi.member order by customer_code"


@pytest.fixture
def home(salesops_home):
    return salesops_home


def test_dbt_build_on_postgres_matches_the_duckdb_sales_fact(home, pg_database, tmp_path, monkeypatch):
    generate(home / "landing", home / "demo_truth", scale=0.02, seed=3, end_month="2026-10")
    assert main(["run", "--skip-sop"]) == 0
    warehouse = home / "warehouse.duckdb"

    url = pg_url(pg_database)
    mirrored = mirror_sources(warehouse, url)
    assert {(t.schema, t.table) for t in mirrored} >= {("audit", "file_loads"), ("raw", "erp__sales_orders"),
                                                       ("raw", "pos__transactions"), ("mdm", "customer_registry")}

    monkeypatch.setenv("SALESOPS_DBT_PG_DBNAME", pg_database)
    for variable, value in (("HOST", PG_SERVER["host"]), ("PORT", str(PG_SERVER["port"])),
                            ("USER", PG_SERVER["user"]), ("PASSWORD", PG_SERVER["password"])):
        monkeypatch.setenv(f"SALESOPS_DBT_PG_{variable}", value)
    result = dbtRunner().invoke([
        "build", "--target", "postgres", "--project-dir", str(DBT_PROJECT), "--profiles-dir", str(DBT_PROJECT),
        "--target-path", str(tmp_path / "dbt_target"), "--log-path", str(tmp_path / "dbt_logs"),
    ])
    failed = [r.node.unique_id for r in (result.result or []) if r.status in ("error", "fail")]
    assert result.success, f"dbt build on PostgreSQL failed: {failed or result.exception}"

    with duckdb.connect(str(warehouse), read_only=True) as con:
        duckdb_rows, duckdb_total = con.execute(SALES_TOTALS).fetchone()
        duckdb_members = con.execute(MASKED_MEMBERS).fetchall()
    connection = psycopg2.connect(dbname=pg_database, **PG_SERVER)
    try:
        with connection.cursor() as cursor:
            cursor.execute(SALES_TOTALS)
            pg_rows, pg_total = cursor.fetchone()
            cursor.execute(MASKED_MEMBERS)
            pg_members = cursor.fetchall()
    finally:
        connection.close()
    assert duckdb_rows > 0 and duckdb_total > Decimal(0)
    assert (pg_rows, pg_total) == (duckdb_rows, duckdb_total)
    # the masking macros dispatch per adapter: PostgreSQL masks and salts exactly as DuckDB does
    phones = [phone for _, _, phone, _ in pg_members if phone]
    assert phones and all(re.fullmatch(r"1\d{2}\*{4}\d{4}", phone) for phone in phones)
    assert all(code.startswith("MBR-") and len(code) == 20 for code, _, _, _ in pg_members)
    assert pg_members == duckdb_members
