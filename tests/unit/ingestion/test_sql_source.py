"""The SQL-source path on real databases: SQLite always, PostgreSQL and MariaDB when running."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
import sqlalchemy as sa

from tests.conftest import ingest

POSTGRES_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/test"
MARIADB_URL = "mysql+pymysql://root@127.0.0.1:3306/test"


def _reachable(url: str) -> str | None:
    try:
        engine = sa.create_engine(url, connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
        return None
    except Exception as exc:  # any driver error means the server is not usable here
        return f"{url.split('@')[-1]} not reachable: {type(exc).__name__}"


def _create_customers(url: str, table: str, rows: list[dict]) -> None:
    engine = sa.create_engine(url)
    meta = sa.MetaData()
    customers = sa.Table(
        table, meta,
        sa.Column("customer_code", sa.String(32)), sa.Column("customer_name", sa.String(200)),
        sa.Column("uscc", sa.String(18)), sa.Column("channel", sa.String(16)),
        sa.Column("crm_account_id", sa.String(32)), sa.Column("province", sa.String(32)),
        sa.Column("city", sa.String(32)), sa.Column("credit_days", sa.Integer),
        sa.Column("created_at", sa.DateTime),
    )
    meta.drop_all(engine, [customers])
    meta.create_all(engine, [customers])
    with engine.begin() as conn:
        conn.execute(customers.insert(), rows)
    engine.dispose()


ROWS = [
    {"customer_code": "C2", "customer_name": "上海华联商贸有限公司", "uscc": None, "channel": "经销",
     "crm_account_id": "A9", "province": "上海市", "city": "上海", "credit_days": 30,
     "created_at": dt.datetime(2024, 1, 2, 9, 30)},
    {"customer_code": "C1", "customer_name": "杭州百货", "uscc": None, "channel": "KA", "crm_account_id": None,
     "province": "浙江省", "city": "杭州", "credit_days": 60, "created_at": dt.datetime(2024, 1, 1)},
    {"customer_code": "C3", "customer_name": None, "uscc": None, "channel": "直营", "crm_account_id": None,
     "province": None, "city": None, "credit_days": None, "created_at": None},
]


def _check_sql_source(con, landing, url: str) -> None:
    _create_customers(url, "customers", ROWS)
    [result] = ingest(con, landing, "erp", "customers", db_url=url)
    assert (result.status, result.rows_read, result.rows_loaded, result.rows_quarantined) == ("loaded", 3, 2, 1)
    assert con.execute("select customer_code, credit_days, created_at, _source_line, _source_file"
                       " from raw.erp__customers order by 1").fetchall() == [
        ("C1", 60, dt.datetime(2024, 1, 1), 1, "db:erp/customers"),
        ("C2", 30, dt.datetime(2024, 1, 2, 9, 30), 2, "db:erp/customers")]
    assert con.execute("select source_line, rule, column_name from quarantine.rejected_rows").fetchall() == [
        (3, "missing_required", "customer_name")]

    [again] = ingest(con, landing, "erp", "customers", db_url=url)
    assert (again.status, again.rows_loaded) == ("duplicate", 0)
    assert con.execute("select count(*) from raw.erp__customers").fetchone()[0] == 2

    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("update customers set credit_days = 90 where customer_code = 'C1'"))
    engine.dispose()
    [changed] = ingest(con, landing, "erp", "customers", db_url=url)
    assert changed.status == "loaded" and changed.superseded == (result.batch_id,)
    assert con.execute("select credit_days from raw.erp__customers where customer_code = 'C1'").fetchall() == [(90,)]


def test_sqlite_source(con, landing, tmp_path):
    _check_sql_source(con, landing, f"sqlite:///{tmp_path / 'erp.db'}")


# Per server: admin URL, DDL to create and drop a scratch namespace, and the URL that uses it.
SERVERS = {
    "postgres": (POSTGRES_URL, "create schema {name}", "drop schema {name} cascade",
                 POSTGRES_URL + "?options=-csearch_path%3D{name}"),
    "mariadb": (MARIADB_URL, "create database {name} character set utf8mb4", "drop database {name}",
                "mysql+pymysql://root@127.0.0.1:3306/{name}?charset=utf8mb4"),
}


@pytest.mark.parametrize("server", [pytest.param("postgres", marks=pytest.mark.postgres),
                                    pytest.param("mariadb", marks=pytest.mark.mariadb)])
def test_server_source(con, landing, server):
    admin_url, create, drop, scratch_url = SERVERS[server]
    reason = _reachable(admin_url)
    if reason:
        pytest.skip(reason)
    name = f"t_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(admin_url)
    with admin.begin() as conn:
        conn.execute(sa.text(create.format(name=name)))
    try:
        _check_sql_source(con, landing, scratch_url.format(name=name))
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(drop.format(name=name)))
        admin.dispose()


def test_money_and_decimals_from_a_database_keep_their_cents(con, landing, tmp_path):
    url = f"sqlite:///{tmp_path / 'erp.db'}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("create table products (sku text, product_name text, barcode text, category_l1 text,"
                             " category_l2 text, brand text, uom text, unit_cost numeric, list_price numeric,"
                             " launch_date date, status text)"))
        conn.execute(sa.text("insert into products values ('SKU-1', '绿茶', null, '饮料', null, null, null,"
                             " 1.15, 3.5, '2024-01-01', 'active')"))
    engine.dispose()
    ingest(con, landing, "erp", "products", db_url=url)
    assert con.execute("select unit_cost, list_price from raw.erp__products").fetchone() == (
        Decimal("1.15"), Decimal("3.50"))
