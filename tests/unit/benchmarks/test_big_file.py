"""The big-file benchmark writes one well-formed POS file of exactly the lines asked for."""

from benchmarks.big_file import report, write_pos_file
from benchmarks.measure import Measurement
from tests.conftest import ingest


def test_written_file_loads_every_line(con, tmp_path):
    landing = tmp_path / "landing"
    write_pos_file(landing / "pos" / "transactions" / "transactions_20261031.csv", 450)
    [result] = ingest(con, landing, "pos", "transactions")
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (450, 450, 0)


def test_report_has_one_row_per_size():
    text = report({1000: Measurement(2.0, 1.5, 200 * 1024, 1000), 4000: Measurement(6.0, 5.5, 210 * 1024, 4000)})
    assert "| 1,000 | 2.0 | 1.5 | 200 | 500 |" in text and "| 4,000 | 6.0 | 5.5 | 210 | 667 |" in text
