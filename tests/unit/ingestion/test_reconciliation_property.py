"""Whatever the mess in a file, every record read is loaded or quarantined, exactly once."""

import csv
import io
import shutil
import tempfile
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingestion.schema import ensure_schema
from quality.reconciliation import reconcile_entity
from tests.conftest import deliver, ingest

COLUMNS = ["receipt_id", "line_no", "store_id", "sold_at", "barcode", "qty", "unit_price",
           "discount_amount", "member_id", "payment_method"]
GOOD = ["R1", "1", "S01", "2026-11-01 10:00", "6901234567892", "2", "12.50", "0", "M1", "微信支付"]
MESS = {
    "qty": ["abc", "", "1,000", "１２", "-3"],
    "unit_price": ["¥1,234.50", "-5", "x", ""],
    "sold_at": ["2026-11-01T10:00:00Z", "bad", "20261101", ""],
    "line_no": ["1", "2", "x", "3.0"],
    "receipt_id": ["R1", "R2", "", "R3"],
    "member_id": ["", "M 1", "含,逗号", "多\n行"],
}

record = st.fixed_dictionaries({name: st.sampled_from(values) for name, values in MESS.items()})
shape = st.sampled_from(["ok", "ok", "ok", "short", "long"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(record, shape), min_size=1, max_size=40), batch_rows=st.integers(1, 7))
def test_rows_read_equal_rows_loaded_plus_quarantined(rows, batch_rows):
    workdir = Path(tempfile.mkdtemp())
    try:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(COLUMNS)
        for values, kind in rows:
            full = [values.get(c, g) for c, g in zip(COLUMNS, GOOD, strict=True)]
            writer.writerow(full[:4] if kind == "short" else [*full, "extra"] if kind == "long" else full)
        landing = workdir / "landing"
        deliver(landing, "pos", "transactions", "transactions_20261101.csv", buffer.getvalue())
        con = duckdb.connect(str(workdir / "w.duckdb"))
        ensure_schema(con)
        [result] = ingest(con, landing, "pos", "transactions", batch_rows=batch_rows)
        assert result.rows_read == len(rows)
        assert result.rows_read == result.rows_loaded + result.rows_quarantined
        assert reconcile_entity(con, "pos", "transactions").ok
        loaded = {r[0] for r in con.execute("select _source_line from raw.pos__transactions").fetchall()}
        rejected = {r[0] for r in con.execute("select source_line from quarantine.rejected_rows").fetchall()}
        assert not loaded & rejected and len(loaded | rejected) == len(rows)
        con.close()
    finally:
        shutil.rmtree(workdir)


def test_reconciliation_notices_rows_that_went_missing(con, landing):
    deliver(landing, "pos", "transactions", "transactions_20261101.csv",
            ",".join(COLUMNS) + "\n" + ",".join(GOOD) + "\n")
    ingest(con, landing, "pos", "transactions")
    assert reconcile_entity(con, "pos", "transactions").ok
    con.execute("delete from raw.pos__transactions")
    result = reconcile_entity(con, "pos", "transactions")
    assert not result.ok and result.mismatches[0]["rows_in_raw"] == 0
