"""Ingest reports where it is after every batch: which file of how many, and rows read so far."""

import sqlalchemy as sa

from ingestion.entity_ingest import IngestProgress, ingest_entity
from tests.conftest import TIMEZONE, deliver, entity

HEADER = "invoice_id,order_id,customer_code,invoice_date,amount,due_date,paid_amount,paid_date\n"


def _rows(start: int, count: int) -> str:
    return "".join(f"I{i},O{i},C1,2026-10-01,{i},,,\n" for i in range(start, start + count))


def test_progress_names_each_file_and_counts_its_rows_in_batches(con, landing):
    deliver(landing, "erp", "invoices", "invoices_20261030.csv", HEADER + _rows(0, 5))
    deliver(landing, "erp", "invoices", "invoices_20261031.csv", HEADER + _rows(5, 3) + "I9,O9\n")
    heard: list[IngestProgress] = []
    results = ingest_entity(con, entity("erp", "invoices"), landing, TIMEZONE, batch_rows=2, on_progress=heard.append)
    by_file = {}
    for step in heard:
        by_file.setdefault((step.file_number, step.file_count, step.source_file), []).append(step.rows_read)
    assert list(by_file) == [(1, 2, results[0].source_file), (2, 2, results[1].source_file)]
    assert by_file[(1, 2, results[0].source_file)] == [2, 4, 5]
    assert by_file[(2, 2, results[1].source_file)][-1] == results[1].rows_read == 4  # the short row counts as read
    assert heard[0].line() == f"文件 file 1/2 {results[0].source_file}: 已读 2 行 / rows read"


def test_nothing_new_reports_nothing(con, landing):
    deliver(landing, "erp", "invoices", "invoices_20261031.csv", HEADER + _rows(0, 2))
    ingest_entity(con, entity("erp", "invoices"), landing, TIMEZONE)
    heard: list[IngestProgress] = []
    assert [r.status for r in ingest_entity(con, entity("erp", "invoices"), landing, TIMEZONE,
                                            on_progress=heard.append)] == ["unchanged"]
    assert heard == []


def test_a_source_table_pull_reports_as_the_source_table(con, landing, tmp_path):
    url = f"sqlite:///{tmp_path / 'erp.db'}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("create table invoices (invoice_id text, order_id text, customer_code text,"
                             " invoice_date text, amount text, due_date text, paid_amount text, paid_date text)"))
        conn.execute(sa.text("insert into invoices values ('I1', 'O1', 'C1', '2026-10-01', '10', null, null, null)"))
    engine.dispose()
    heard: list[IngestProgress] = []
    [pulled] = ingest_entity(con, entity("erp", "invoices"), landing, TIMEZONE, url, on_progress=heard.append)
    assert [(s.file_number, s.rows_read) for s in heard] == [(None, 1)] and pulled.rows_loaded == 1
    assert heard[0].line() == "源表 / source table db:erp/invoices: 已读 1 行 / rows read"
