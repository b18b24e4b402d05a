"""Build the demo world and write every extract (or source table) plus its ground truth."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from demodata import companies, engagement, funnel, orders, pos, products, reps, retail, seasons, supply
from demodata.batch import Batch
from demodata.db import DbSink
from demodata.files import FileSink
from demodata.randomness import stream
from demodata.truth import Truth
from demodata.world import World, snapshot_indexes
from ingestion.contract import entity

SNAPSHOTS = 3
CONTRACT_FILE = re.compile(r"[a-z_]+_\d{8}(_\d+)?\.(csv|xlsx|parquet|jsonl)")


@dataclass(frozen=True)
class GenerationSummary:
    files: tuple[Path, ...]  # landing files written (database tables are counted in rows)
    rows: dict[str, int]  # records written per raw table name, e.g. "pos__transactions"
    truth_dir: Path
    seconds: float


def generate(
    landing_dir: Path,
    truth_dir: Path,
    scale: float = 1.0,
    seed: int = 42,
    end_month: str | None = None,
    to_db: str | None = None,
) -> GenerationSummary:
    """Write 48 months of CRM, ERP and POS extracts ending with `end_month`, and their truth.

    Args:
        landing_dir: landing root; contract-named extract files already under
            `<system>/<entity>/` are replaced, nothing else is touched.
        truth_dir: where customers.csv, bad_rows.csv, flags.csv, expected.json,
            stage_labels.csv and README.md go; must not be inside `landing_dir`.
        scale: volume factor; 1.0 gives ~1M POS lines and ~200k order lines, linear in
            scale (SKUs, reps and stores grow sublinearly).
        seed: the same seed, scale and end_month give byte-identical files.
        end_month: "YYYY-MM", the last month of history; default the last full month.
        to_db: a SQLAlchemy URL; CRM and ERP entities then go to tables of that database
            (dropped and recreated) instead of files, POS still goes to files.
    """
    started = time.perf_counter()
    landing_dir, truth_dir = Path(landing_dir), Path(truth_dir)
    end_month = end_month or seasons.default_end_month()
    _check(landing_dir, truth_dir, scale, end_month)
    _clear(landing_dir)
    world = build_world(seed, scale, end_month)
    truth = Truth()
    truth.parameters = {
        "seed": seed,
        "scale": scale,
        "end_month": end_month,
        "first_month": str(world.months[0]),
        "to_db": bool(to_db),
    }
    files = FileSink(landing_dir, truth, seed, world.start, world.end)
    db = DbSink(to_db, truth, seed) if to_db else None
    labels: set[str] = set()
    for batch in batches(world, seed, labels):
        (db if db and db.accepts(batch) else files).write(batch)
    rows = dict(files.rows)
    if db:
        db.finish()
        rows.update(db.inserted)
    truth.customers = [
        ("erp", c, e) for c, e in zip(world.customers["customer_code"], world.customers["entity_id"], strict=False)
    ]
    truth.customers += [
        ("crm", a, e) for a, e in zip(world.accounts["account_id"], world.accounts["entity_id"], strict=False)
    ]
    truth.stage_labels = funnel.label_table(labels)
    truth.write(truth_dir)
    return GenerationSummary(tuple(files.written), dict(sorted(rows.items())), truth_dir, time.perf_counter() - started)


def _check(landing_dir: Path, truth_dir: Path, scale: float, end_month: str) -> None:
    if not scale > 0:
        raise ValueError(f"scale must be positive, got {scale}")
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", end_month):
        raise ValueError(f"end_month must look like 2026-10, got {end_month!r}")
    if truth_dir.resolve().is_relative_to(landing_dir.resolve()):
        raise ValueError("truth_dir must not be inside landing_dir: the loader would pick the truth up as extracts")


def _clear(landing_dir: Path) -> None:
    """Remove earlier generated extracts, so a rerun never mixes two worlds."""
    for path in landing_dir.glob("*/*/*"):
        if path.parent.parent.name in ("crm", "erp", "pos") and CONTRACT_FILE.fullmatch(path.name):
            path.unlink()


def build_world(seed: int, scale: float, end_month: str) -> World:
    """Master data, keeping only records some snapshot shows, so every reference resolves."""
    months = seasons.history_months(end_month)
    start, end = months[0].astype("datetime64[D]"), seasons.month_end(months[-1])
    cuts = [seasons.month_end(months[k]) for k in snapshot_indexes(len(months), SNAPSHOTS)]
    prods = products.build_products(stream(seed, "products"), scale, start, end)
    prods = _visible(prods, "sku", lambda c: products.snapshot(prods, c), cuts)
    team = reps.build_reps(stream(seed, "reps"), scale, start, end)
    team = _visible(team, "rep_id", lambda c: reps.snapshot(team, c, True), cuts)
    firms = companies.build_companies(stream(seed, "companies"), scale, start, end, team)
    stores = retail.build_stores(stream(seed, "stores"), scale, start, end)
    members = retail.build_members(stream(seed, "members"), scale, start, end, stores)
    members = _visible(members, "member_id", lambda c: retail.member_snapshot(members, c, True), cuts)
    return World(
        scale=scale,
        months=months,
        products=prods,
        reps=team,
        customers=firms.erp[companies.visible(firms.erp, cuts)].reset_index(drop=True),
        accounts=firms.crm[companies.visible(firms.crm, cuts)].reset_index(drop=True),
        stores=stores,
        members=members,
    )


def _visible(
    frame: pd.DataFrame, key: str, snapshot: Callable[[np.datetime64], pd.DataFrame], cuts: list[np.datetime64]
) -> pd.DataFrame:
    shown = set().union(*(set(snapshot(c)[key]) for c in cuts))
    return frame[frame[key].isin(shown)].reset_index(drop=True)


def batches(world: World, seed: int, labels: set[str]) -> Iterator[Batch]:
    """Every extract in an order that keeps each entity's files chronological."""
    yield from _master_snapshots(world)
    ledger = orders.SalesLedger(len(world.months))
    yield from orders.generate(stream(seed, "sales_orders"), world, ledger)
    yield from pos.generate(stream(seed, "transactions"), world)
    fate = funnel.simulate(stream(seed, "opportunities"), world)
    yield from funnel.generate(stream(seed, "stages"), world, fate, labels)
    yield from engagement.activities(stream(seed, "activities"), world, fate)
    yield from engagement.tickets(stream(seed, "tickets"), world)
    pairs = supply.stocked_pairs(stream(seed, "pairs"), world)
    yield from supply.inventory(stream(seed, "inventory"), world, pairs)
    yield from supply.supply_params(stream(seed, "supply_params"), world, pairs)
    yield from supply.sales_targets(stream(seed, "sales_targets"), world, ledger)


def _master_snapshots(world: World) -> Iterator[Batch]:
    indexes = world.snapshot_indexes(SNAPSHOTS)
    for j, k in enumerate(indexes):
        cut, latest = world.cut(k), j == len(indexes) - 1
        yield Batch(entity("erp", "products"), cut, products.snapshot(world.products, cut))
        yield Batch(entity("crm", "reps"), cut, reps.snapshot(world.reps, cut, latest))
        yield Batch(
            entity("erp", "customers"),
            cut,
            companies.erp_snapshot(world.customers, cut, entity("erp", "customers").column_names),
        )
        yield Batch(
            entity("crm", "accounts"),
            cut,
            companies.crm_snapshot(world.accounts, cut, entity("crm", "accounts").column_names),
        )
        yield Batch(entity("pos", "members"), cut, retail.member_snapshot(world.members, cut, latest))
    for k in world.snapshot_indexes(2):
        yield Batch(entity("pos", "stores"), world.cut(k), retail.store_snapshot(world.stores, world.cut(k)))
