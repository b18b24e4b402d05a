import json

import pytest

from quality.report import write_report
from quality.runner import validate
from tests.unit.quality.helpers import NOW, delivery, insert

STORE = {"store_id": "S01", "store_name": "南京西路店", "store_type": "旗舰店", "region": "华东"}


@pytest.fixture
def stores(con):
    delivery(con, "pos", "stores", 1, 2, NOW.date())
    insert(con, "raw.pos__stores", [STORE, {**STORE, "store_id": "S02", "store_type": "快闪店"}], batch_id=1,
           source_file="pos/stores/stores_20261122.csv")
    return con


def test_warning_failures_do_not_block(stores):
    outcome = validate(stores, "raw.pos__stores", now=NOW)
    assert [r.rule.id for r in outcome.failed] == ["raw.pos__stores.store_type_in_set"]
    assert outcome.failed_warning and not outcome.failed_critical and outcome.success
    message = outcome.message()  # the check's description in the UI says which rule warned
    assert message.startswith("数据质量校验通过 / data quality passed") and "1 条警告 warnings" in message
    assert "- raw.pos__stores.store_type_in_set [raw.pos__stores]" in message and '"store_id": "S02"' in message


def test_critical_failure_message_names_rule_table_and_sample(stores):
    insert(stores, "raw.pos__stores", [{**STORE, "store_id": "S03", "region": None}], batch_id=1,
           source_file="pos/stores/stores_20261122.csv")
    outcome = validate(stores, "raw.pos__stores", now=NOW)
    assert not outcome.success
    assert [r.rule.id for r in outcome.failed_critical] == ["raw.pos__stores.region_not_null",
                                                            "raw.pos__stores.reconciliation"]
    message = outcome.message()
    assert "raw.pos__stores.region_not_null" in message and "[raw.pos__stores]" in message
    assert "严重" in message and "critical" in message and '"store_id": "S03"' in message


def test_results_are_persisted_with_owner_and_samples(stores):
    outcome = validate(stores, "raw.pos__stores", now=NOW)
    run = stores.execute("select scope, success, rules_failed, warning_failed from quality.validation_runs"
                         " where run_id = ?", [outcome.run_id]).fetchone()
    assert run == ("raw.pos__stores", True, 1, 1)
    owner, samples = stores.execute("select owner, failing_samples from quality.rule_results where rule_id ="
                                    " 'raw.pos__stores.store_type_in_set'").fetchone()
    sample = json.loads(samples)[0]
    assert owner == "steward-pos" and sample["_source_file"].endswith("stores_20261122.csv")
    assert sample["_source_line"] == 3
    comments = stores.execute("select comment from duckdb_columns() where schema_name = 'quality'").fetchall()
    assert len(comments) == 26 and all(c and "/" in c for (c,) in comments)  # Chinese / English


def test_scope_selects_layers_and_rejects_unknown_tables(con):
    assert {r.rule.layer for r in validate(con, "raw", now=NOW, persist=False).results} == {"raw"}
    with pytest.raises(ValueError, match="no rules"):
        validate(con, "raw.nothing_here", now=NOW)


def test_data_docs_and_report_are_written(stores, tmp_path):
    outcome = validate(stores, "raw.pos__stores", now=NOW, data_docs_dir=tmp_path / "data_docs")
    assert outcome.data_docs_index.exists()
    assert any((tmp_path / "data_docs" / "validations").rglob("*.html"))
    stores.execute("insert into quarantine.rejected_rows (batch_id, source_system, entity, source_file, source_line,"
                   " rule, quarantined_at) values (1, 'pos', 'stores', 'pos/stores/stores_20261122.csv', 9,"
                   " 'missing_required', ?)", [NOW])
    html = write_report(stores, tmp_path / "quality", now=NOW).read_text(encoding="utf-8")
    for heading in ("数据质量报告", "每日通过率趋势", "最差规则", "失败样例", "隔离数据"):
        assert heading in html
    assert "raw.pos__stores.store_type_in_set" in html and "快闪店" in html and "missing_required" in html
    assert "<svg" in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")


def test_report_on_an_empty_warehouse(con, tmp_path):
    html = write_report(con, tmp_path, now=NOW).read_text(encoding="utf-8")
    assert "尚无校验记录" in html
