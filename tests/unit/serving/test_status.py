"""`salesops status` content on a hand-made warehouse: stale sources, open quarantine, failing rules, versions."""

import datetime as dt

import duckdb

from ingestion.schema import ensure_schema
from serving.status import collect, render

NOW = dt.datetime(2026, 11, 22, 9, 0)


def test_status_names_stale_sources_failures_quarantine_and_the_latest_version(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    ensure_schema(con)
    for batch, (entity, file_date) in enumerate((("transactions", "2026-11-20"), ("stores", "2026-08-31")), 1):
        con.execute("insert into audit.file_loads (batch_id, source_system, entity, source_file, file_name, file_date,"
                    " status, started_at, finished_at) values (?, 'pos', ?, ?, ?, ?, 'loaded', ?, ?)",
                    [batch, entity, f"pos/{entity}/f.csv", "f.csv", file_date, NOW, NOW])
    con.execute("insert into quarantine.rejected_rows (batch_id, source_system, entity, source_file, source_line, rule,"
                " status, quarantined_at) values (1, 'pos', 'transactions', 'pos/transactions/f.csv', 7,"
                " 'invalid_decimal', 'open', ?)", [NOW])
    con.execute("create schema quality; create table quality.rule_results (rule_id varchar, table_name varchar,"
                " severity varchar, success boolean, unexpected_count bigint, validated_at timestamp)")
    con.execute("insert into quality.rule_results values ('raw.pos__transactions.barcode_ean13', 'raw.pos__transactions',"
                " 'warning', false, 12, ?), ('raw.pos__stores.store_id_unique', 'raw.pos__stores', 'critical', true, 0, ?)",
                [NOW, NOW])
    con.execute("create schema sop; create table sop.forecast (forecast_version varchar, unique_id varchar,"
                " created_at timestamp)")
    con.execute("insert into sop.forecast values ('2026-09', 'a', ?), ('2026-10', 'a', ?), ('2026-10', 'b', ?)",
                [NOW, NOW, NOW])

    status = collect(con, "w.duckdb", NOW, freshness_days=35)
    text = render(status, [("salesops_pipeline", "SUCCESS", "2026-11-22 02:00", "abcd1234")])

    assert status.stale == ["pos__stores"]
    assert status.sections["forecast"][0][:2] == ("2026-10", 2)
    assert [row[1] for row in status.sections["quality"]] == ["raw.pos__transactions.barcode_ean13"]
    assert status.sections["quarantine"] == [("pos__transactions", "invalid_decimal", 1)]
    for expected in ("最近运行 / last runs", "salesops_pipeline", "过期来源 / stale sources: pos__stores", "2026-10"):
        assert expected in text
