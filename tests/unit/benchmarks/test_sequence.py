"""Generation runs once; every run repeats the other stages in order on a fresh warehouse."""

from benchmarks.sequence import run_sequence
from benchmarks.stages import StageContext
from orchestration.settings import Settings

STUB = "tests.unit.benchmarks.stub_stage"


def _context(tmp_path) -> StageContext:
    return StageContext(tmp_path, 1.0, Settings.from_env({}))


def test_generation_once_then_each_run_repeats_the_stages_in_order(tmp_path):
    samples = run_sequence(["generate", "ingest:first", "ingest:second"], 2, _context(tmp_path), module=STUB)
    calls = (tmp_path / "calls.log").read_text().split()
    assert calls == ["generate", "first", "second", "first", "second"]
    assert [len(samples[name]) for name in samples] == [1, 2, 2]
    assert [m.rows for m in samples["ingest:second"]] == [1000, 1000]


def test_unselected_generation_still_runs_but_is_not_reported(tmp_path):
    samples = run_sequence(["ingest:first"], 1, _context(tmp_path), module=STUB)
    assert (tmp_path / "calls.log").read_text().split() == ["generate", "first"]
    assert list(samples) == ["ingest:first"]
