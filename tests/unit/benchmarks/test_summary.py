"""Repeated runs of a stage aggregate to the median with min and max; rates come from each run itself."""

import pytest

from benchmarks.measure import Measurement
from benchmarks.summary import Spread, summarise


def test_each_measure_aggregates_to_median_min_and_max():
    samples = {"ingest:pos__transactions": [
        Measurement(wall_s=4.0, cpu_s=3.0, peak_rss_kib=300 * 1024, rows=1000),
        Measurement(wall_s=2.0, cpu_s=1.5, peak_rss_kib=100 * 1024, rows=1000),
        Measurement(wall_s=10.0, cpu_s=2.0, peak_rss_kib=200 * 1024, rows=1000),
    ]}
    [stage] = summarise(samples)
    assert stage.stage == "ingest:pos__transactions"
    assert stage.samples == 3
    assert stage.rows == 1000
    assert stage.wall_s == Spread(4.0, 2.0, 10.0)
    assert stage.cpu_s == Spread(2.0, 1.5, 3.0)
    assert stage.peak_rss_mib == Spread(200.0, 100.0, 300.0)
    assert stage.rows_per_s == Spread(250.0, 100.0, 500.0)


def test_rows_per_second_is_the_median_of_each_runs_own_rate():
    samples = {"s": [Measurement(1.0, 1.0, 1024, 100), Measurement(4.0, 1.0, 1024, 200)]}
    [stage] = summarise(samples)
    assert stage.rows_per_s.median == pytest.approx((100 + 50) / 2)


def test_stages_keep_their_order_and_stages_without_measurements_are_left_out():
    samples = {"b": [Measurement(1.0, 1.0, 1024, 1)], "skipped": [], "a": [Measurement(1.0, 1.0, 1024, 1)]}
    assert [s.stage for s in summarise(samples)] == ["b", "a"]
