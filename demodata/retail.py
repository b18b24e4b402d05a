"""The store network and its loyalty members (consumers, kept apart from business customers)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from demodata import codes, vocab
from demodata import reps as reps_mod
from demodata.randomness import pick

STORE_COLUMNS = (
    "store_id",
    "store_name",
    "store_type",
    "region",
    "province",
    "city",
    "open_date",
    "close_date",
    "area_sqm",
)
MEMBER_COLUMNS = ("member_id", "member_name", "phone", "birth_date", "registered_at", "home_store_id")
STREETS = [
    "南京路",
    "中山路",
    "人民路",
    "解放路",
    "建设路",
    "万达广场",
    "万象城",
    "大悦城",
    "步行街",
    "火车站",
    "高新区",
    "大学城",
]


def build_stores(rng: np.random.Generator, scale: float, start: np.datetime64, end: np.datetime64) -> pd.DataFrame:
    n = max(8, round(60 * scale**0.5))
    region = pick(rng, list(reps_mod.REGIONS), n, reps_mod.REGION_WEIGHTS)
    places = [vocab.REGIONS[r][rng.integers(0, len(vocab.REGIONS[r]))] for r in region]
    store_type = pick(rng, vocab.STORE_TYPES, n, vocab.STORE_TYPE_WEIGHTS)
    streets = pick(rng, STREETS, n)
    names = [f"{p[1]}{s}{t}" for p, s, t in zip(places, streets, store_type, strict=False)]
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            names[i] = name.replace(store_type[i], f"{seen[name]}号{store_type[i]}")
    span = int((end - start).astype(int))
    opened = np.where(rng.random(n) < 0.7, start - rng.integers(60, 6 * 365, n), start + rng.integers(0, span - 60, n))
    closes = opened + rng.integers(365, 4 * 365, n)
    closed = (rng.random(n) < 0.1) & (closes < end)
    area = [round(rng.uniform(*vocab.STORE_TYPE_AREA[t]), 1) for t in store_type]
    return pd.DataFrame(
        {
            "store_id": [f"ST{i + 1:04d}" for i in range(n)],
            "store_name": names,
            "store_type": store_type,
            "region": region,
            "province": [p[0] for p in places],
            "city": [p[1] for p in places],
            "open_date": pd.to_datetime(opened.astype("datetime64[D]")),
            "close_date": pd.to_datetime(np.where(closed, closes, np.datetime64("NaT")).astype("datetime64[D]")),
            "area_sqm": area,
            "traffic": [vocab.STORE_TYPE_TRAFFIC[t] * rng.lognormal(0, 0.3) for t in store_type],
        }
    )


def store_snapshot(stores: pd.DataFrame, cut: np.datetime64) -> pd.DataFrame:
    """Stores as exported on `cut`: stores open by then (planned ones 30 days ahead)."""
    cut_ts = pd.Timestamp(cut)
    out = stores[stores["open_date"] - pd.Timedelta(days=30) <= cut_ts].copy()
    out["close_date"] = out["close_date"].where(out["close_date"] <= cut_ts)
    out["_flags"] = ""
    return out[[*STORE_COLUMNS, "_flags"]].reset_index(drop=True)


def build_members(
    rng: np.random.Generator, scale: float, start: np.datetime64, end: np.datetime64, stores: pd.DataFrame
) -> pd.DataFrame:
    """Members sorted by registration time, so "registered before t" is a prefix."""
    n = max(300, round(50_000 * scale))
    span = int((end - start).astype(int)) + 2 * 365
    reg_days = np.sort(start - 2 * 365 + np.floor(span * rng.random(n) ** 0.8).astype(int))
    seconds = rng.integers(9 * 3600, 22 * 3600, n)
    registered = reg_days.astype("datetime64[s]") + seconds
    order = np.argsort(stores["open_date"].to_numpy(), kind="stable")
    opened = stores["open_date"].to_numpy()[order].astype("datetime64[D]")
    open_count = np.maximum(np.searchsorted(opened, reg_days, side="right"), 1)
    home = stores["store_id"].to_numpy()[order][(rng.random(n) * open_count).astype(int)]
    birth = (np.datetime64("1955-01-01") + rng.integers(0, 50 * 365, n)).astype("datetime64[D]")
    birth_known = rng.random(n) < 0.7
    frame = pd.DataFrame(
        {
            "member_id": [f"M{i + 1:08d}" for i in range(n)],
            "member_name": codes.person_names(rng, n, rare_share=0.005),
            "phone": codes.mobile_phones(rng, n),
            "birth_date": pd.to_datetime(np.where(birth_known, birth, np.datetime64("NaT")).astype("datetime64[D]")),
            "registered_at": pd.to_datetime(registered),
            "home_store_id": home,
            "activity": rng.lognormal(0, 1.0, n),
        }
    )
    left = rng.random(n) < 0.02
    frame["erased"] = frame["registered_at"].where(left) + pd.to_timedelta(rng.integers(60, 900, n), unit="D")
    frame["old_phone"] = np.where(rng.random(n) < 0.05, codes.mobile_phones(rng, n), frame["phone"])
    return frame


def member_snapshot(members: pd.DataFrame, cut: np.datetime64, is_latest: bool) -> pd.DataFrame:
    """Members as exported on `cut`; erased members (PIPL requests) are gone from later ones."""
    cut_ts = pd.Timestamp(cut)
    out = members[(members["registered_at"] <= cut_ts) & ~(members["erased"] <= cut_ts)].copy()
    if not is_latest:
        out["phone"] = out["old_phone"]
    out["_flags"] = ""
    return out[[*MEMBER_COLUMNS, "_flags"]].reset_index(drop=True)
