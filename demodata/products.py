"""The product master: SKUs with launches, discontinuations, price changes and a long tail.

Popularity is heavy-tailed on purpose: a quarter of the SKUs sell so rarely that most of
their months have no sales, which is what intermittent-demand forecasting has to cope with.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from demodata import codes, vocab
from demodata.randomness import pick

MASTER_COLUMNS = (
    "sku",
    "product_name",
    "barcode",
    "category_l1",
    "category_l2",
    "brand",
    "uom",
    "unit_cost",
    "list_price",
    "launch_date",
    "status",
)
L1_WEIGHTS = {"饮料": 0.3, "零食": 0.25, "日化": 0.18, "个护": 0.15, "家居": 0.12}


def product_count(scale: float) -> int:
    """About 300 SKUs at scale 1; assortments grow much slower than volumes."""
    return max(40, round(300 * scale**0.3))


def build_products(rng: np.random.Generator, scale: float, start: np.datetime64, end: np.datetime64) -> pd.DataFrame:
    """All SKUs that ever exist, with the dates that shape their sales and snapshots."""
    n = product_count(scale)
    l1 = pick(rng, list(L1_WEIGHTS), n, list(L1_WEIGHTS.values()))
    rows, names = [], set()
    for cat in l1:
        for _ in range(50):
            l2 = str(pick(rng, list(vocab.CATEGORIES[cat]), 1)[0])
            stems, specs, uom, (low, high) = vocab.CATEGORIES[cat][l2]
            brand = str(pick(rng, vocab.BRANDS[cat], 1)[0])
            name = f"{brand}{pick(rng, stems, 1)[0]} {pick(rng, specs, 1)[0]}"
            if name not in names:
                break
            name = f"{name} 新版{len(names)}"
        names.add(name)
        price = np.floor(rng.uniform(low, high)) + 0.9
        rows.append((cat, l2, brand, name, uom, round(float(price), 2)))
    frame = pd.DataFrame(rows, columns=["category_l1", "category_l2", "brand", "product_name", "uom", "list_price"])
    frame.insert(0, "sku", [f"SKU-{v}" for v in np.sort(rng.choice(np.arange(100001, 999999), n, replace=False))])
    frame["unit_cost"] = np.round(frame["list_price"] * rng.uniform(0.45, 0.65, n), 2)
    frame["barcode"] = codes.barcodes(rng, n)
    start_d, end_d = start.astype("datetime64[D]"), end.astype("datetime64[D]")
    span = int((end_d - start_d).astype(int))
    in_history = rng.random(n) < 0.3
    launch = np.where(in_history, start_d + rng.integers(0, span - 20, n), start_d - rng.integers(30, 6 * 365, n))
    frame["launch_date"] = launch.astype("datetime64[D]")
    discontinue = launch + rng.integers(180, 4 * 365, n)
    stopped = (rng.random(n) < 0.15) & (discontinue < end_d)
    frame["discontinued_date"] = pd.to_datetime(
        np.where(stopped, discontinue, np.datetime64("NaT")).astype("datetime64[D]")
    )
    popularity = rng.lognormal(0.0, 1.0, n)
    popularity[rng.random(n) < 0.25] *= 0.03
    frame["popularity"] = popularity
    changed = rng.random(n) < 0.2
    frame["price_change_date"] = pd.to_datetime(
        np.where(changed, start_d + rng.integers(60, span, n), np.datetime64("NaT")).astype("datetime64[D]")
    )
    frame["old_list_price"] = np.where(
        changed, np.floor(frame["list_price"] / rng.uniform(1.04, 1.12, n)) + 0.9, frame["list_price"]
    )
    return _break_barcodes(rng, frame)


def _break_barcodes(rng: np.random.Generator, frame: pd.DataFrame) -> pd.DataFrame:
    """A few master barcodes get a wrong check digit or none; POS never scans those SKUs."""
    n = len(frame)
    frame["barcode_flag"] = ""
    bad = rng.choice(n, max(2, round(0.01 * n)), replace=False)
    for i in bad:
        frame.loc[i, "barcode"] = codes.wrong_check_digit(frame.loc[i, "barcode"], rng)
        frame.loc[i, "barcode_flag"] = "bad_barcode_checksum"
    blank = rng.choice(np.setdiff1d(np.arange(n), bad), max(1, round(0.02 * n)), replace=False)
    frame.loc[blank, "barcode"] = None
    frame["pos_ok"] = frame["barcode_flag"].eq("") & frame["barcode"].notna()
    return frame


def available(frame: pd.DataFrame, day: np.datetime64) -> np.ndarray:
    """Mask of SKUs on sale on `day`: launched and not yet discontinued."""
    day = pd.Timestamp(day)
    stopped = frame["discontinued_date"].notna() & (frame["discontinued_date"] <= day)
    return ((frame["launch_date"] <= day) & ~stopped).to_numpy()


def price_on(frame: pd.DataFrame, day: np.datetime64) -> np.ndarray:
    """List prices in force on `day`."""
    before_change = frame["price_change_date"].notna() & (pd.Timestamp(day) < frame["price_change_date"])
    return np.where(before_change, frame["old_list_price"], frame["list_price"])


def snapshot(frame: pd.DataFrame, cut: np.datetime64) -> pd.DataFrame:
    """The product master as exported on `cut`.

    SKUs are listed 45 days before launch; long-discontinued SKUs (over 18 months) are
    delisted, so they disappear from later snapshots while their sales stay in history.
    """
    cut_ts = pd.Timestamp(cut)
    listed = frame["launch_date"] - pd.Timedelta(days=45) <= cut_ts
    stopped = frame["discontinued_date"].notna() & (frame["discontinued_date"] <= cut_ts)
    delisted = stopped & (frame["discontinued_date"] < cut_ts - pd.Timedelta(days=548))
    out = frame[listed & ~delisted].copy()
    out["list_price"] = price_on(out, cut)
    out["status"] = np.where(stopped[out.index], "discontinued", "active")
    out["_flags"] = out["barcode_flag"]
    return out[[*MASTER_COLUMNS, "_flags"]].reset_index(drop=True)
