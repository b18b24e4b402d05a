"""Runs started together on a fresh home open the Dagster instance without racing on its schema."""

import multiprocessing
from pathlib import Path

from orchestration.instance import open_instance

PROCESSES = 4


def _open(home: str, start) -> None:
    start.wait()
    with open_instance(Path(home)) as instance:
        instance.get_runs(limit=1)


def test_processes_opening_a_fresh_instance_together_all_succeed(tmp_path):
    context = multiprocessing.get_context("fork")  # dagster is imported already: the workers start at once
    for attempt in range(3):  # the race window is short: several fresh homes make a miss unlikely
        home = tmp_path / f"dagster{attempt}"
        start = context.Barrier(PROCESSES)
        workers = [context.Process(target=_open, args=(str(home), start)) for _ in range(PROCESSES)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=120)
        assert [worker.exitcode for worker in workers] == [0] * PROCESSES
