"""The bi schema published to PostgreSQL: a real bi_reader login reads bi and nothing else."""

import argparse
from decimal import Decimal
from types import SimpleNamespace

import duckdb
import psycopg2
import pytest

from quality.erasure_cli import run_erase
from serving.pg_publish import publish_bi
from tests.postgres import PG_SERVER, pg_url

pytestmark = [pytest.mark.integration, pytest.mark.postgres]


def _reader(database: str):
    return psycopg2.connect(dbname=database, host=PG_SERVER["host"], port=PG_SERVER["port"], user="bi_reader",
                            password="bi-test-password", connect_timeout=3)


def test_bi_reader_reads_bi_with_comments_and_nothing_else(tmp_path, pg_database):
    copy = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(copy))
    con.execute("create schema core; create schema bi;"
                " create table core.sales as select 'MBR-1' as customer_code, 12.5::decimal(18, 2) as net_amount;"
                " create view bi.sales_monthly as select customer_code, net_amount from core.sales;"
                " comment on view bi.sales_monthly is '月度销售 / monthly sales';"
                " comment on column bi.sales_monthly.net_amount is '净销售额 / net sales'")
    con.close()
    admin = psycopg2.connect(dbname=pg_database, **PG_SERVER)
    with admin, admin.cursor() as cursor:  # something bi_reader must not see
        cursor.execute("create schema raw; create table raw.members (phone text); insert into raw.members values ('13800000000')")

    published = publish_bi(copy, pg_url(pg_database), reader_password="bi-test-password")
    assert (published.tables, published.rows) == (1, 1)

    reader = _reader(pg_database)
    reader.autocommit = True
    with reader.cursor() as cursor:
        cursor.execute("select customer_code, net_amount from bi.sales_monthly")
        assert cursor.fetchall() == [("MBR-1", Decimal("12.50"))]
        cursor.execute("select obj_description('bi.sales_monthly'::regclass),"
                       " col_description('bi.sales_monthly'::regclass, 2)")
        assert cursor.fetchone() == ("月度销售 / monthly sales", "净销售额 / net sales")
        for forbidden in ("select * from raw.members", "insert into bi.sales_monthly values ('x', 1)",
                          "create table bi.mine (x int)", "create table public.mine (x int)"):
            with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                cursor.execute(forbidden)
    reader.close()


def test_an_erased_member_leaves_the_postgresql_bi_copy_too(tmp_path, pg_database):
    warehouse, published = tmp_path / "warehouse.duckdb", tmp_path / "published" / "warehouse.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema raw; create schema bi;"
                    " create table raw.pos__members as select * from (values ('M001', '欧阳娜娜', '13812345678'),"
                    " ('M002', '李雷', '13900001111')) t(member_id, member_name, phone);"
                    " create view bi.member as select 'MBR-' || left(sha256('salt' || member_id), 16) as customer_code,"
                    " left(member_name, 1) || '*' as member_name,"
                    " left(phone, 3) || '****' || right(phone, 4) as phone from raw.pos__members")
    published.parent.mkdir()
    published.write_bytes(warehouse.read_bytes())
    url = pg_url(pg_database)
    publish_bi(published, url, reader_password="bi-test-password")
    settings = SimpleNamespace(warehouse=warehouse, published_warehouse=published, pii_salt="salt",
                               writer_lock_timeout=5, bi_db_url=url, bi_reader_password="bi-test-password",
                               encryption_key=None)
    before = _bi_rows(pg_database)
    assert ("欧*", "138****5678") in {(name, phone) for _, name, phone in before}

    args = argparse.Namespace(member="M001", customer=None, reason=None, requested_by="steward")
    assert run_erase(args, settings) == 0
    after = _bi_rows(pg_database)
    assert len(after) == 2 and ("李*", "139****1111") in {(name, phone) for _, name, phone in after}
    assert not {row[0] for row in before if row[2] == "138****5678"} & {code for code, _, _ in after}
    assert "138****5678" not in {phone for _, _, phone in after}


def _bi_rows(database: str) -> list[tuple]:
    reader = _reader(database)
    try:
        with reader.cursor() as cursor:
            cursor.execute("select customer_code, member_name, phone from bi.member order by 1")
            return cursor.fetchall()
    finally:
        reader.close()
