"""A load that fails or is cut off part-way leaves nothing visible, and the next run loads the file."""

import pytest

from ingestion.loader import EntityLoader
from tests.conftest import deliver, ingest

HEADER = "invoice_id,order_id,customer_code,invoice_date,amount,due_date,paid_amount,paid_date\n"
ROWS = "".join(f"I{i},O{i},C1,2026-10-01,{i},,,\n" for i in range(1, 30))


def test_an_error_after_streaming_discards_the_partial_batch(con, landing, monkeypatch):
    deliver(landing, "erp", "invoices", "invoices_20261031.csv", HEADER + ROWS + "I99,O99,C1,2026-10-01,-1,,,\n")

    def broken(*_args):
        raise RuntimeError("disk went away")

    with monkeypatch.context() as patch:
        patch.setattr(EntityLoader, "_quarantine_duplicate_keys", broken)
        with pytest.raises(RuntimeError):
            ingest(con, landing, "erp", "invoices", batch_rows=5)
    for table in ("raw.erp__invoices", "quarantine.rejected_rows", "audit.file_loads"):
        assert con.execute(f"select count(*) from {table}").fetchone()[0] == 0, table
    [result] = ingest(con, landing, "erp", "invoices", batch_rows=5)
    assert (result.status, result.rows_loaded, result.rows_quarantined) == ("loaded", 29, 1)


def test_a_batch_left_loading_by_a_crash_is_cleaned_up_first(con, landing):
    deliver(landing, "erp", "invoices", "invoices_20261031.csv", HEADER + ROWS)
    [first] = ingest(con, landing, "erp", "invoices")
    con.execute("update audit.file_loads set status = 'loading' where batch_id = ?", [first.batch_id])
    [again] = ingest(con, landing, "erp", "invoices")
    assert again.status == "loaded" and again.batch_id != first.batch_id
    assert con.execute("select count(*), count(distinct _batch_id) from raw.erp__invoices").fetchone() == (29, 1)
    assert con.execute("select status from audit.file_loads").fetchall() == [("loaded",)]
