"""Given fixed measurements, the JSON holds every figure and the markdown table has one row per stage."""

import json

from benchmarks import report
from benchmarks.measure import Measurement
from benchmarks.summary import summarise

MACHINE = {"cpu": "Test CPU", "cores": 2, "memory_gib": 8.0, "python": "3.11.9", "duckdb": "1.5.5"}


def _report() -> report.Report:
    samples = {
        "generate": [Measurement(wall_s=12.5, cpu_s=11.0, peak_rss_kib=512 * 1024, rows=1_200_000)],
        "ingest:pos__transactions": [
            Measurement(wall_s=8.0, cpu_s=9.0, peak_rss_kib=800 * 1024, rows=1_000_000),
            Measurement(wall_s=10.0, cpu_s=11.0, peak_rss_kib=900 * 1024, rows=1_000_000),
            Measurement(wall_s=9.0, cpu_s=10.0, peak_rss_kib=700 * 1024, rows=1_000_000),
        ],
    }
    return report.Report(commit="abc1234-dirty", date="2026-11-22", machine=MACHINE, scale=0.5, runs=3,
                         stages=summarise(samples), samples=samples)


def _table(markdown: str) -> list[list[str]]:
    rows = [line for line in markdown.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows]


def test_markdown_table_has_the_columns_and_one_row_per_stage():
    header, separator, *rows = _table(report.to_markdown(_report()))
    assert header == ["stage", "n", "rows", "wall s", "wall s min–max", "cpu s", "peak RSS MiB", "rows/s"]
    assert len(separator) == len(header)
    assert rows == [
        ["`generate`", "1", "1,200,000", "12.50", "12.50–12.50", "11.00", "512", "96,000"],
        ["`ingest:pos__transactions`", "3", "1,000,000", "9.00", "8.00–10.00", "10.00", "800", "111,111"],
    ]


def test_markdown_header_names_commit_scale_machine_and_noise():
    markdown = report.to_markdown(_report())
    assert "scale 0.5" in markdown
    assert "abc1234-dirty" in markdown
    assert "Test CPU, 2 cores, 8.0 GiB; Python 3.11.9, DuckDB 1.5.5" in markdown
    assert "medians of 3 run(s)" in markdown


def test_json_holds_the_summary_and_every_measurement():
    document = report.to_json(_report())
    assert {k: document[k] for k in ("commit", "date", "scale", "runs")} == \
        {"commit": "abc1234-dirty", "date": "2026-11-22", "scale": 0.5, "runs": 3}
    assert document["machine"] == MACHINE
    transactions = document["stages"][1]
    assert transactions["stage"] == "ingest:pos__transactions"
    assert transactions["wall_s"] == {"median": 9.0, "min": 8.0, "max": 10.0}
    assert transactions["peak_rss_mib"] == {"median": 800.0, "min": 700.0, "max": 900.0}
    assert [m["wall_s"] for m in document["measurements"]["ingest:pos__transactions"]] == [8.0, 10.0, 9.0]


def test_write_names_both_files_by_date_and_scale(tmp_path):
    json_path, markdown_path = report.write(_report(), tmp_path / "results")
    assert json_path.name == "2026-11-22_scale0.5.json"
    assert markdown_path.name == "2026-11-22_scale0.5.md"
    assert json.loads(json_path.read_text())["commit"] == "abc1234-dirty"
    assert markdown_path.read_text() == report.to_markdown(_report())
