"""One small generated world shared by the demodata tests (generation takes a few seconds)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from demodata import generate

SCALE, SEED, END_MONTH = 0.03, 7, "2026-10"


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("demodata")
    summary = generate(root / "landing", root / "truth", scale=SCALE, seed=SEED, end_month=END_MONTH)
    truth = root / "truth"
    return {
        "landing": root / "landing",
        "truth": truth,
        "summary": summary,
        "expected": json.loads((truth / "expected.json").read_text(encoding="utf-8")),
        "bad_rows": _csv(truth / "bad_rows.csv"),
        "flags": _csv(truth / "flags.csv"),
        "customers": _csv(truth / "customers.csv"),
        "stage_labels": _csv(truth / "stage_labels.csv"),
    }


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
