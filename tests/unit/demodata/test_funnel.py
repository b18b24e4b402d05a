"""Opportunities convert like sales-ops training material says, in the simulation and in the files."""

from __future__ import annotations

import dataclasses
from collections import defaultdict

import numpy as np
import pytest

from demodata import funnel
from demodata.generate import build_world
from demodata.randomness import stream
from ingestion.contract import entity
from tests.unit.demodata.conftest import END_MONTH
from tests.unit.demodata.reading import expected_bad_rows

TARGETS = {2: 0.40, 3: 0.25, 4: 0.12, 5: 0.05}


def test_simulated_funnel_converts_at_the_target_rates():
    world = dataclasses.replace(build_world(3, 0.02, END_MONTH), scale=1.0)
    fate = funnel.simulate(stream(3, "opportunities"), world)
    assert len(fate) == 20_000
    for stage, share in TARGETS.items():
        assert (fate["reached"] >= stage).mean() == pytest.approx(share, abs=0.015), stage
    lost_at = fate.loc[~fate["won"], "reached"]
    assert set(lost_at.unique()) == {1, 2, 3, 4}


def test_opportunity_files_show_the_funnel_for_mature_opportunities(demo):
    codes = {r["raw_label"]: r["stage_code"] for r in demo["stage_labels"]}
    opportunities = entity("crm", "opportunities")
    best, created = defaultdict(int), {}
    for path in (demo["landing"] / "crm" / "opportunities").iterdir():
        for _, row in expected_bad_rows(opportunities, path)[1]:
            code = codes.get(row["stage"], "")
            if code and code != "S0":
                best[row["opportunity_id"]] = max(best[row["opportunity_id"]], int(code[1]))
            created[row["opportunity_id"]] = row["created_at"]
    cutoff = max(created.values()).replace(day=1) - np.timedelta64(180, "D").item()
    mature = [o for o, at in created.items() if at < cutoff and o in best]
    assert len(mature) > 300
    for stage, share in TARGETS.items():
        observed = sum(best[o] >= stage for o in mature) / len(mature)
        assert observed == pytest.approx(share, abs=0.08 if share > 0.1 else 0.04), stage
