"""ERP planning data: inventory snapshots, supply parameters and sales targets.

Inventory is a month-end snapshot for the whole history plus daily snapshots for the last
60 days (what replenishment needs); targets are set so that the simulated growth and
seasonality make them roughly 90-110% attainable.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from demodata import products as products_mod
from demodata import reps as reps_mod
from demodata import vocab
from demodata.batch import Batch
from demodata.orders import SalesLedger
from demodata.world import World
from ingestion.contract import entity

INVENTORY, SUPPLY, TARGETS = entity("erp", "inventory"), entity("erp", "supply_params"), entity("erp", "sales_targets")
WAREHOUSE_LEAD_DAYS = {"WH-SH": 7, "WH-GZ": 10, "WH-BJ": 12, "WH-WH": 10, "WH-CD": 15}
DAILY_DAYS = 60
FUTURE_MONTHS = 6


def stocked_pairs(rng: np.random.Generator, world: World) -> pd.DataFrame:
    """Warehouse x SKU pairs carried: the hub carries everything, the others ~75%."""
    n = len(world.products)
    frames = []
    for wh in vocab.WAREHOUSES:
        carried = np.ones(n, dtype=bool) if wh == "WH-SH" else rng.random(n) < 0.75
        frames.append(pd.DataFrame({"warehouse_code": wh, "product": np.flatnonzero(carried)}))
    pairs = pd.concat(frames, ignore_index=True)
    pop = world.products["popularity"].to_numpy()[pairs["product"]]
    pairs["demand"] = np.maximum(1.0, 40 * pop * world.scale**0.7)
    pairs["cover"] = rng.lognormal(0.2, 0.5, len(pairs))
    pairs["phase"] = rng.random(len(pairs))
    return pairs


def inventory(rng: np.random.Generator, world: World, pairs: pd.DataFrame) -> Iterator[Batch]:
    daily = np.arange(world.end - DAILY_DAYS + 1, world.end + 1)
    month_ends = [world.cut(k) for k in range(len(world.months)) if world.cut(k) < daily[0]]
    prods = world.products
    for day in [*month_ends, *daily]:
        listed = products_mod.available(prods, day) | products_mod.available(prods, day - 60)
        rows = pairs[listed[pairs["product"].to_numpy()]]
        t = float((day - world.start).astype(int)) / 30.0
        cover = rows["cover"].to_numpy() * (1 + 0.3 * np.sin(2 * np.pi * (t + rows["phase"].to_numpy())))
        on_hand = np.rint(rows["demand"].to_numpy() * cover)
        stockout = rng.random(len(rows)) < np.where(rows["demand"].to_numpy() < 3, 0.15, 0.03)
        on_hand[stockout] = 0
        transit = np.where(
            rng.random(len(rows)) < 0.3,
            np.rint(rows["demand"].to_numpy() * rng.uniform(0.2, 1.0, len(rows))),
            np.where(rng.random(len(rows)) < 0.5, np.nan, 0.0),
        )
        product = rows["product"].to_numpy()
        frame = pd.DataFrame(
            {
                "snapshot_date": pd.Timestamp(day),
                "warehouse_code": rows["warehouse_code"].to_numpy(),
                "sku": prods["sku"].to_numpy()[product],
                "on_hand_qty": on_hand,
                "in_transit_qty": transit,
                "unit_cost": prods["unit_cost"].to_numpy()[product],
                "_flags": "",
            }
        )
        yield Batch(INVENTORY, day, frame.sort_values(["warehouse_code", "sku"], kind="mergesort"))


def supply_params(rng: np.random.Generator, world: World, pairs: pd.DataFrame) -> Iterator[Batch]:
    prods = world.products
    n = len(pairs)
    category = prods["category_l1"].to_numpy()[pairs["product"]]
    lead = (
        pairs["warehouse_code"].map(WAREHOUSE_LEAD_DAYS).to_numpy()
        + np.where(category == "家居", 10, 0)
        + rng.integers(0, 8, n)
    )
    old_lead = np.where(rng.random(n) < 0.15, lead + rng.integers(-3, 6, n), lead).clip(min=3)
    pop = prods["popularity"].to_numpy()[pairs["product"]]
    level = np.where(pop > 2, 0.98, np.where(pop > 0.5, 0.95, np.round(rng.uniform(0.90, 0.93, n), 2)))
    moq = rng.choice([10, 20, 50, 100, 200], n).astype(float)
    indexes = world.snapshot_indexes(2)
    for j, k in enumerate(indexes):
        snap = products_mod.snapshot(prods, world.cut(k))
        listed = prods["sku"].isin(snap["sku"]).to_numpy()[pairs["product"]]
        latest = j == len(indexes) - 1
        frame = pd.DataFrame(
            {
                "warehouse_code": pairs["warehouse_code"],
                "sku": prods["sku"].to_numpy()[pairs["product"]],
                "lead_time_days": lead if latest else old_lead,
                "moq": moq,
                "service_level": level,
                "_flags": "",
            }
        )
        yield Batch(SUPPLY, world.cut(k), frame[listed])


def sales_targets(rng: np.random.Generator, world: World, ledger: SalesLedger) -> Iterator[Batch]:
    n_months = len(world.months)
    future = np.array([ledger.net[n_months - 12 + (f % 12)] * 1.12 for f in range(FUTURE_MONTHS)])
    base = np.concatenate([ledger.net, future])
    target = np.maximum(1000, np.round(base / rng.uniform(0.9, 1.1, base.shape), -3))
    months = np.concatenate([world.months, world.months[-1] + np.arange(1, FUTURE_MONTHS + 1)])
    rows = []
    for m in range(len(months)):
        for r, region in enumerate(ledger.regions):
            for c, category in enumerate(ledger.categories):
                rows.append((str(months[m]), region, category, None, target[m, r, c], m))
    frame = pd.DataFrame(rows, columns=[*TARGETS.column_names, "m"])
    frame = pd.concat([frame, _rep_rows(rng, world, frame[frame["m"] >= n_months - 6])], ignore_index=True)
    frame["_flags"] = ""
    old_cut = world.snapshot_indexes(2)[0]
    old = frame[frame["m"] <= old_cut + FUTURE_MONTHS].copy()
    revised = rng.random(len(old)) < 0.2
    old.loc[revised, "target_amount"] = np.round(
        old.loc[revised, "target_amount"] * rng.uniform(0.95, 1.05, int(revised.sum())), -3
    )
    yield Batch(TARGETS, world.cut(old_cut), old.drop(columns="m"))
    yield Batch(TARGETS, world.cut(n_months - 1), frame.drop(columns="m"))


def _rep_rows(rng: np.random.Generator, world: World, regional: pd.DataFrame) -> pd.DataFrame:
    """Rep-level splits of the regional targets for the recent and coming months."""
    reps = world.reps
    parts = []
    for region in reps_mod.REGIONS:
        team = reps[(reps["region"] == region) & reps["team"].str.endswith("组") & reps["termination_date"].isna()]
        if team.empty:
            continue
        share = rng.dirichlet(np.ones(len(team)) * 3)
        rows = regional[regional["region"] == region]
        for rep_id, s in zip(team["rep_id"], share, strict=False):
            parts.append(
                rows.assign(rep_id=rep_id, target_amount=np.maximum(1000, np.round(rows["target_amount"] * s, -3)))
            )
    return pd.concat(parts, ignore_index=True) if parts else regional.iloc[:0]
