"""CRM activities (visits, calls, emails, demos, proposals) and customer service tickets.

Activities follow the opportunities (more of them the further a deal gets) plus account
care without a deal. Tickets stay open across a quarter's cut and are sent again, resolved
and scored, in the quarter they close (no updated_at: the latest file wins).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from demodata import seasons, vocab
from demodata.batch import Batch
from demodata.randomness import pick
from demodata.world import World, seconds, stamps
from ingestion.contract import entity

ACTIVITIES, TICKETS = entity("crm", "activities"), entity("crm", "service_tickets")
EARLY, LATE = ("电话", "拜访", "邮件"), ("演示", "提案", "拜访")
OUT_OF_RANGE = {"csat": (0, 6), "nps": (11, 12, -1), "ces": (0, 7)}


def quarter_ends(world: World) -> list[int]:
    """Month indexes closing each quarterly file (the last month always closes one)."""
    last = len(world.months) - 1
    return [k for k in range(last + 1) if (last - k) % 3 == 0]


def _by_quarter(world: World, at: np.ndarray) -> np.ndarray:
    """Index into quarter_ends of the file whose period holds each timestamp."""
    cuts = np.array([world.cut_seconds(k) for k in quarter_ends(world)])
    return np.searchsorted(cuts, at, side="left")


def activities(rng: np.random.Generator, world: World, fate: pd.DataFrame) -> Iterator[Batch]:
    n_target = max(100, round(100_000 * world.scale))
    per_opp = rng.poisson(1 + 1.2 * (fate["reached"].to_numpy() - 1))
    opp = np.repeat(np.arange(len(fate)), per_opp)
    start, stop = fate["t1"].to_numpy()[opp], fate["closed"].to_numpy()[opp]
    at = start + (rng.random(len(opp)) * (stop - start)).astype("int64")
    progress = (at - start) / np.maximum(stop - start, 1)
    kind = np.where(progress < 0.4, pick(rng, EARLY, len(opp)), pick(rng, LATE, len(opp)))
    linked = pd.DataFrame(
        {
            "account_id": fate["account_id"].to_numpy()[opp],
            "opportunity_id": fate["opportunity_id"].to_numpy()[opp],
            "rep_id": fate["owner_rep_id"].to_numpy()[opp],
            "activity_type": kind,
            "at": at,
            "_flags": np.where(fate["_flags"].str.contains("unknown_customer").to_numpy()[opp], "unknown_customer", ""),
        }
    )
    days = np.arange(world.start, world.end + 1)
    weights = seasons.daily_weights(days, world.start, "b2b")
    n_free = max(0, n_target - len(linked))
    at_free = seconds(days[rng.choice(len(days), n_free, p=weights / weights.sum())]) + rng.integers(
        9 * 3600, 19 * 3600, n_free
    )
    accounts = world.accounts
    order = np.argsort(seconds(accounts["created_at"]), kind="stable")
    count = np.searchsorted(seconds(accounts["created_at"])[order], at_free, side="right")
    acc = order[np.minimum((rng.random(n_free) * np.maximum(count, 1)).astype(int), len(order) - 1)]
    care = pd.DataFrame(
        {
            "account_id": accounts["account_id"].to_numpy()[acc],
            "opportunity_id": None,
            "rep_id": accounts["owner_rep_id"].to_numpy()[acc],
            "activity_type": pick(rng, EARLY, n_free),
            "at": at_free,
            "_flags": "",
        }
    )
    stray = rng.random(n_free) < 0.003
    care.loc[stray, "account_id"] = [f"AC9{v:05d}" for v in rng.integers(0, 10**5, int(stray.sum()))]
    care.loc[stray, "_flags"] = "unknown_customer"
    rows = pd.concat([linked, care], ignore_index=True)
    rows = (
        rows[rows["at"] <= world.cut_seconds(len(world.months) - 1)]
        .sort_values("at", kind="mergesort")
        .reset_index(drop=True)
    )
    rows["activity_id"] = [f"ACT{i + 1:09d}" for i in range(len(rows))]
    rows["activity_at"] = pd.to_datetime(stamps(rows["at"].to_numpy()))
    roll = rng.random(len(rows))
    rows["outcome"] = np.where(
        roll < 0.03,
        pick(rng, vocab.MULTILINE_OUTCOMES, len(rows)),
        np.where(roll < 0.75, pick(rng, vocab.OUTCOMES, len(rows)), None),
    )
    quarter = _by_quarter(world, rows["at"].to_numpy())
    for q, k in enumerate(quarter_ends(world)):
        part = rows[quarter == q]
        if len(part):
            yield Batch(ACTIVITIES, world.cut(k), part[[*ACTIVITIES.column_names, "_flags"]])


def tickets(rng: np.random.Generator, world: World) -> Iterator[Batch]:
    n = max(60, round(10_000 * world.scale))
    days = np.arange(world.start, world.end + 1)
    weights = seasons.daily_weights(days, world.start, "retail")
    opened = np.sort(
        seconds(days[rng.choice(len(days), n, p=weights / weights.sum())]) + rng.integers(8 * 3600, 22 * 3600, n)
    )
    accounts = world.accounts
    order = np.argsort(seconds(accounts["created_at"]), kind="stable")
    count = np.searchsorted(seconds(accounts["created_at"])[order], opened, side="right")
    acc = order[np.minimum((rng.random(n) * np.maximum(count, 1)).astype(int), len(order) - 1)]
    prods = world.products
    roll = rng.random(n)
    sku = np.where(roll < 0.7, prods["sku"].to_numpy()[rng.integers(0, len(prods), n)], None)
    unknown = (roll >= 0.7) & (roll < 0.73)
    sku[unknown] = [f"SKU-0{v:05d}" for v in rng.integers(0, 10**5, int(unknown.sum()))]
    response = opened + np.maximum(60, rng.lognormal(np.log(7200), 1.2, n)).astype("int64")
    fcr = rng.random(n) < 0.35
    resolved = np.where(
        fcr, response + rng.integers(300, 7200, n), response + rng.lognormal(np.log(2 * 86400), 1.0, n).astype("int64")
    )
    frame = pd.DataFrame(
        {
            "ticket_id": [f"TK{i + 1:08d}" for i in range(n)],
            "account_id": accounts["account_id"].to_numpy()[acc],
            "sku": sku,
            "channel": pick(rng, vocab.TICKET_CHANNELS, n),
            "opened": opened,
            "response": response,
            "resolved": resolved,
            "first_contact_resolved": fcr,
            "csat": _scores(rng, n, 0.6, [0.05, 0.07, 0.15, 0.33, 0.40], 1),
            "nps": _scores(rng, n, 0.5, [2, 1, 1, 2, 2, 4, 6, 10, 14, 18, 20], 0),
            "ces": _scores(rng, n, 0.4, [0.3, 0.3, 0.2, 0.12, 0.08], 1),
        }
    )
    frame["_flags"] = np.where(unknown, "unknown_sku", "")
    _out_of_range(rng, frame)
    yield from _ticket_versions(world, frame)


def _scores(rng: np.random.Generator, n: int, answered: float, weights: list[float], low: int) -> pd.Series:
    p = np.asarray(weights, dtype=float) / sum(weights)
    values = pd.Series(rng.choice(len(p), n, p=p) + low, dtype="Int64")
    return values.where(rng.random(n) < answered)


def _out_of_range(rng: np.random.Generator, frame: pd.DataFrame) -> None:
    """~0.5% of survey answers (at least 3) outside their scale: loaded and flagged."""
    free = frame["_flags"].eq("")
    for column, values in OUT_OF_RANGE.items():
        rows = np.flatnonzero((frame[column].notna() & free).to_numpy())
        chosen = rng.choice(rows, min(len(rows), max(1, round(0.005 * len(rows)))), replace=False)
        frame.loc[chosen, column] = rng.choice(values, len(chosen))
        frame.loc[chosen, "_flags"] = "out_of_range"
        free[chosen] = False


def _ticket_versions(world: World, frame: pd.DataFrame) -> Iterator[Batch]:
    ends = quarter_ends(world)
    cuts = np.array([world.cut_seconds(k) for k in ends])
    frame = frame[frame["opened"] <= cuts[-1]]
    first = _by_quarter(world, frame["opened"].to_numpy())
    done = _by_quarter(world, frame["resolved"].to_numpy())
    for q, k in enumerate(ends):
        fresh = frame[first == q]
        closing = frame[(done == q) & (first < q)]
        part = pd.concat([_as_of(fresh, cuts[q]), _as_of(closing, cuts[q])], ignore_index=True)
        if len(part):
            yield Batch(TICKETS, world.cut(k), part.sort_values(["opened_at", "ticket_id"], kind="mergesort"))


def _as_of(frame: pd.DataFrame, cut: int) -> pd.DataFrame:
    """A ticket as the service desk exports it at `cut`: scores only once resolved."""
    out = frame.copy()
    answered, solved = out["response"].to_numpy() <= cut, out["resolved"].to_numpy() <= cut
    out["opened_at"] = pd.to_datetime(stamps(out["opened"].to_numpy()))
    out["first_response_at"] = pd.to_datetime(
        np.where(answered, stamps(out["response"].to_numpy()), np.datetime64("NaT"))
    )
    out["resolved_at"] = pd.to_datetime(np.where(solved, stamps(out["resolved"].to_numpy()), np.datetime64("NaT")))
    out["first_contact_resolved"] = pd.Series(
        out["first_contact_resolved"].to_numpy(), index=out.index, dtype="boolean"
    ).where(solved)
    for column in ("csat", "nps", "ces"):
        out[column] = out[column].where(solved)
    out["_flags"] = out["_flags"].where(solved | ~out["_flags"].eq("out_of_range"), "")
    return out[[*TICKETS.column_names, "_flags"]]
