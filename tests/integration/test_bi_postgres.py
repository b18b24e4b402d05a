"""The bi schema published to PostgreSQL: a real bi_reader login reads bi and nothing else."""

from decimal import Decimal

import duckdb
import psycopg2
import pytest

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
