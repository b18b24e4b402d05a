"""The same content loads once under any name; a changed file under the same name is a restatement."""

import os
import shutil

from tests.conftest import deliver, ingest

HEADER = "invoice_id,order_id,customer_code,invoice_date,amount,due_date,paid_amount,paid_date\n"


def _invoices(con):
    return con.execute("select invoice_id, amount::varchar from raw.erp__invoices order by 1").fetchall()


def test_second_run_over_unchanged_files_loads_nothing(con, landing):
    deliver(landing, "erp", "invoices", "invoices_20261031.csv", HEADER + "I1,O1,C1,2026-10-01,100,,,\n")
    assert ingest(con, landing, "erp", "invoices")[0].rows_loaded == 1
    again = ingest(con, landing, "erp", "invoices")
    assert [r.status for r in again] == ["unchanged"]
    assert con.execute("select count(*) from raw.erp__invoices").fetchone()[0] == 1


def test_a_copy_under_another_name_is_a_duplicate_and_loads_zero_rows(con, landing):
    first = deliver(landing, "erp", "invoices", "invoices_20261031.csv", HEADER + "I1,O1,C1,2026-10-01,100,,,\n")
    shutil.copy(first, first.with_name("invoices_20261031_2.csv"))
    results = ingest(con, landing, "erp", "invoices")
    assert [(r.status, r.rows_loaded) for r in results] == [("loaded", 1), ("duplicate", 0)]
    assert con.execute("select duplicate_of_batch from audit.file_loads where status = 'duplicate'").fetchone()[0] \
        == results[0].batch_id
    assert [r.status for r in ingest(con, landing, "erp", "invoices")] == ["unchanged", "unchanged"]


def test_touching_a_file_without_changing_it_loads_nothing(con, landing):
    path = deliver(landing, "erp", "invoices", "invoices_20261031.csv", HEADER + "I1,O1,C1,2026-10-01,100,,,\n")
    ingest(con, landing, "erp", "invoices")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert [r.status for r in ingest(con, landing, "erp", "invoices")] == ["unchanged"]
    assert con.execute("select count(*) from audit.file_loads").fetchone()[0] == 1


def test_restatement_replaces_loaded_rows_and_supersedes_old_quarantine(con, landing):
    deliver(landing, "erp", "invoices", "invoices_20261031.csv",
            HEADER + "I1,O1,C1,2026-10-01,100,,,\nI2,O2,C1,2026-10-02,-5,,,\n")
    [first] = ingest(con, landing, "erp", "invoices")
    assert (first.rows_loaded, first.rows_quarantined) == (1, 1)
    deliver(landing, "erp", "invoices", "invoices_20261031.csv",
            HEADER + "I1,O1,C1,2026-10-01,120,,,\nI2,O2,C1,2026-10-02,5,,,\n")
    [second] = ingest(con, landing, "erp", "invoices")
    assert second.status == "loaded" and second.superseded == (first.batch_id,)
    assert _invoices(con) == [("I1", "120.00"), ("I2", "5.00")]
    assert con.execute("select status, superseded_by_batch from quarantine.rejected_rows").fetchall() == [
        ("superseded", second.batch_id)]
    assert con.execute("select status from audit.file_loads order by batch_id").fetchall() == [
        ("superseded",), ("loaded",)]


def test_a_truncated_restatement_keeps_the_previous_version(con, landing):
    deliver(landing, "erp", "invoices", "invoices_20261031.csv", HEADER + "I1,O1,C1,2026-10-01,100,,,\n")
    ingest(con, landing, "erp", "invoices")
    deliver(landing, "erp", "invoices", "invoices_20261031.csv", HEADER + "I1,O1,C1,2026-10-01,120,,,\nI2,O2")
    [result] = ingest(con, landing, "erp", "invoices")
    assert result.status == "rejected"
    assert _invoices(con) == [("I1", "100.00")]
    deliver(landing, "erp", "invoices", "invoices_20261031.csv",
            HEADER + "I1,O1,C1,2026-10-01,120,,,\nI2,O2,C1,2026-10-02,7,,,\n")
    [fixed] = ingest(con, landing, "erp", "invoices")
    assert fixed.status == "loaded" and len(fixed.superseded) == 2
    assert _invoices(con) == [("I1", "120.00"), ("I2", "7.00")]


def test_a_correction_record_moves_the_row_out_of_quarantine_once_and_keeps_the_history(con, landing):
    deliver(landing, "erp", "invoices", "invoices_20261031.csv",
            HEADER + "I1,O1,C1,2026-10-01,100,,,\nI2,O2,C1,2026-10-02,-5,,,\n")
    [first] = ingest(con, landing, "erp", "invoices")
    deliver(landing, "erp", "invoices", "invoices_20261101.csv", HEADER + "I2,O2,C1,2026-10-02,5,,,\n")
    unchanged, fix = ingest(con, landing, "erp", "invoices")
    assert unchanged.status == "unchanged"
    assert (fix.status, fix.rows_loaded) == ("loaded", 1)
    assert _invoices(con) == [("I1", "100.00"), ("I2", "5.00")]
    history = con.execute("select batch_id, rule, status, superseded_by_batch from quarantine.rejected_rows").fetchall()
    assert history == [(first.batch_id, "negative_amount", "corrected", fix.batch_id)]
    assert [r.status for r in ingest(con, landing, "erp", "invoices")] == ["unchanged", "unchanged"]
    assert con.execute("select count(*) from raw.erp__invoices where invoice_id = 'I2'").fetchone()[0] == 1
