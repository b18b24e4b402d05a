import datetime as dt

from ingestion.contract import entity
from quality.delivery_rules import freshness_rule, reconciliation_rule, volume_rule
from quality.engine import evaluate
from quality.rules import RuleSettings
from tests.unit.quality.helpers import NOW, delivery, insert

STORES = entity("pos", "stores")
TX = entity("pos", "transactions")
SETTINGS = RuleSettings(now=NOW, freshness_days=3, min_volume_ratio=0.5, volume_lookback=7)


def _deliveries(con, sizes):
    for i, rows in enumerate(sizes, start=1):
        delivery(con, "pos", "transactions", i, rows, dt.date(2026, 11, 1) + dt.timedelta(days=i))


def test_volume_catches_a_half_delivered_file(con):
    _deliveries(con, [1000, 1100, 950, 1020, 480])
    [result] = evaluate(con, [volume_rule(TX, SETTINGS)])
    assert result.status == "failed" and result.rule.severity == "critical"
    sample = result.failing_samples[0]
    assert sample["rows_read"] == 480 and sample["_source_file"].endswith("20261106.csv")
    assert sample["trailing_average"] == 1017.5


def test_volume_passes_a_normal_delivery_and_a_first_one(con):
    _deliveries(con, [1000, 1100, 950, 1020, 990])
    assert evaluate(con, [volume_rule(TX, SETTINGS)])[0].status == "passed"
    assert evaluate(con, [volume_rule(STORES, SETTINGS)])[0].status == "passed"  # no delivery yet: nothing to judge


def test_volume_ignores_superseded_and_duplicate_files(con):
    _deliveries(con, [1000, 1000, 1000])
    delivery(con, "pos", "transactions", 9, 10, dt.date(2026, 11, 20), status="duplicate")
    assert evaluate(con, [volume_rule(TX, SETTINGS)])[0].status == "passed"


def test_freshness_by_business_date_of_the_latest_delivery(con):
    delivery(con, "pos", "stores", 1, 10, dt.date(2026, 11, 10))
    stale = evaluate(con, [freshness_rule(STORES, SETTINGS)])[0]
    assert stale.status == "failed" and stale.rule.severity == "warning"
    assert stale.failing_samples[0]["latest_business_date"] == dt.date(2026, 11, 10)
    delivery(con, "pos", "stores", 2, 10, dt.date(2026, 11, 21))
    assert evaluate(con, [freshness_rule(STORES, SETTINGS)])[0].status == "passed"
    lenient = RuleSettings(now=NOW + dt.timedelta(days=10), freshness_days=30)
    assert evaluate(con, [freshness_rule(STORES, lenient)])[0].status == "passed"


def test_reconciliation_flags_a_file_whose_rows_went_missing(con):
    delivery(con, "pos", "stores", 1, 2, dt.date(2026, 11, 20))
    insert(con, "raw.pos__stores", [{"store_id": "S01", "store_name": "店", "region": "华东"}], batch_id=1)
    result = evaluate(con, [reconciliation_rule(STORES)])[0]
    assert result.status == "failed" and result.failing_samples[0]["rows_in_raw"] == 1
