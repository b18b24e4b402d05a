"""A stage's child process is measured on its own: CPU time, peak RSS and the rows it reports."""

import sys

import pytest

from benchmarks.measure import StageFailed, measure, stage_command
from tests.unit.benchmarks.stub_stage import ALLOCATED_MIB

STUB = "tests.unit.benchmarks.stub_stage"


def test_a_stage_that_allocates_shows_its_peak_rss_cpu_time_and_rows(tmp_path):
    result = measure(stage_command("allocate", tmp_path, 1.0, module=STUB))
    assert result.peak_rss_mib >= 50
    assert result.cpu_s > 0
    assert result.wall_s >= result.cpu_s / 2  # one process on at most two cores
    assert result.rows == ALLOCATED_MIB
    assert result.rows_per_s == pytest.approx(ALLOCATED_MIB / result.wall_s)


def test_a_failing_stage_raises_with_its_exit_code(tmp_path):
    with pytest.raises(StageFailed, match="exited with 1"):
        measure(stage_command("crash", tmp_path, 1.0, module=STUB))


def test_a_process_that_prints_no_row_count_is_a_failure():
    with pytest.raises(StageFailed, match="no JSON row count"):
        measure([sys.executable, "-c", "print('done')"])
