"""The sales organisation: a director, one manager per region and the reps under them.

Managers never leave, so every region always has someone to own its customers when a rep
is gone; about a fifth of the reps leave during the history and others are hired.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from demodata import codes, vocab
from demodata.randomness import pick

REP_COLUMNS = ("rep_id", "rep_name", "team", "region", "manager_rep_id", "hire_date", "termination_date")
REGIONS = tuple(vocab.REGIONS)
REGION_WEIGHTS = np.array([sum(c[3] for c in vocab.REGIONS[r]) for r in REGIONS])


def build_reps(rng: np.random.Generator, scale: float, start: np.datetime64, end: np.datetime64) -> pd.DataFrame:
    n = max(20, round(60 * scale**0.5))
    start_d, end_d = start.astype("datetime64[D]"), end.astype("datetime64[D]")
    span = int((end_d - start_d).astype(int))
    regions = ["华东", *list(REGIONS), *list(pick(rng, list(REGIONS), n - 1 - len(REGIONS), REGION_WEIGHTS))]
    manager_of = {r: f"R{2 + i:04d}" for i, r in enumerate(REGIONS)}
    rows = []
    for i, region in enumerate(regions):
        rep_id = f"R{1 + i:04d}"
        if i == 0:
            team, manager = "销售管理部", None
        elif i <= len(REGIONS):
            team, manager = f"{region}大区", "R0001"
        else:
            team, manager = f"{region}{pick(rng, ['KA', '经销', '电商'], 1)[0]}组", manager_of[region]
        rows.append((rep_id, team, region, manager))
    frame = pd.DataFrame(rows, columns=["rep_id", "team", "region", "manager_rep_id"])
    frame.insert(1, "rep_name", codes.person_names(rng, n, rare_share=0.03))
    hired_before = (rng.random(n) < 0.6) | (np.arange(n) <= len(REGIONS))
    hire = np.where(hired_before, start_d - rng.integers(30, 8 * 365, n), start_d + rng.integers(0, span - 30, n))
    leave = hire + rng.integers(180, 1200, n)
    leaves = (rng.random(n) < 0.22) & (np.arange(n) > len(REGIONS)) & (leave < end_d)
    frame["hire_date"] = pd.to_datetime(hire.astype("datetime64[D]"))
    frame["termination_date"] = pd.to_datetime(np.where(leaves, leave, np.datetime64("NaT")).astype("datetime64[D]"))
    frame["old_team"] = np.where(rng.random(n) < 0.1, frame["region"] + "一组", frame["team"])
    return frame


def field_reps(reps: pd.DataFrame, region: str) -> np.ndarray:
    """Rep ids that can own customers in `region` (not the director)."""
    return reps.loc[(reps["region"] == region) & reps["manager_rep_id"].notna(), "rep_id"].to_numpy()


def snapshot(reps: pd.DataFrame, cut: np.datetime64, is_latest: bool) -> pd.DataFrame:
    """Reps as HR exports them on `cut`; leavers drop out a year after they left."""
    cut_ts = pd.Timestamp(cut)
    out = reps[reps["hire_date"] <= cut_ts].copy()
    left = out["termination_date"].notna() & (out["termination_date"] <= cut_ts)
    out = out[~(left & (out["termination_date"] < cut_ts - pd.Timedelta(days=365)))]
    out["termination_date"] = out["termination_date"].where(out["termination_date"] <= cut_ts)
    if not is_latest:
        out["team"] = out["old_team"]
    out["_flags"] = ""
    return out[[*REP_COLUMNS, "_flags"]].reset_index(drop=True)
