"""CRM opportunities moving through the sales funnel, with the stage labels of each CRM era.

Conversion follows sales-ops training material: every opportunity starts at 初步接触, ~40%
reach 需求确认, ~25% 方案制定, ~12% 商务谈判 and ~5% are won; the rest are lost at their last
stage, or still open if recent. Each month's file carries the opportunities that changed.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from demodata import layout, seasons, vocab
from demodata.batch import Batch
from demodata.randomness import pick
from demodata.world import World, seconds, stamps
from ingestion.contract import entity

OPPORTUNITIES = entity("crm", "opportunities")
STAGES = {
    "S1": "initial_contact",
    "S2": "needs_confirmed",
    "S3": "proposal",
    "S4": "negotiation",
    "S5": "won",
    "S0": "lost",
}
REACH = (1.0, 0.40, 0.25, 0.12, 0.05)  # share of all opportunities reaching S1..S5
LABELS = (  # per CRM era: old CRM, upgraded CRM, new CRM behind an API
    {"S1": "初步接触", "S2": "需求确认", "S3": "方案制定", "S4": "商务谈判", "S5": "成交", "S0": "输单"},
    {"S1": "S1-初步接触", "S2": "S2-需求确认", "S3": "S3-方案制定", "S4": "S4-商务谈判", "S5": "赢单", "S0": "S0-输单"},
    {
        "S1": "Initial Contact",
        "S2": "Qualification",
        "S3": "Proposal",
        "S4": "Negotiation",
        "S5": "Closed Won",
        "S0": "Closed Lost",
    },
)
UNMAPPED = ("待定", "Stage X", "跟进中")
UNMAPPED_RATE = 0.005


def label_table(used: set[str]) -> dict[str, tuple[str, str]]:
    """raw label -> (stage code, stage name) for the labels in `used`; unmapped ones blank."""
    table = {label: (code, STAGES[code]) for era in LABELS for code, label in era.items()}
    return {label: table.get(label, ("", "")) for label in used}


def simulate(rng: np.random.Generator, world: World) -> pd.DataFrame:
    """One row per opportunity with its fate: reached stage (1-5), won or lost, event times."""
    n = max(50, round(20_000 * world.scale))
    days = np.arange(world.start, world.end + 1)
    weights = seasons.daily_weights(days, world.start, "b2b")
    created_day = days[rng.choice(len(days), n, p=weights / weights.sum())]
    created = seconds(created_day) + rng.integers(9 * 3600, 19 * 3600, n)
    reached = np.ones(n, dtype=int)
    for stage in range(2, 6):
        goes_on = (reached == stage - 1) & (rng.random(n) < REACH[stage - 1] / REACH[stage - 2])
        reached[goes_on] = stage
    times = np.zeros((n, 5), dtype="int64")
    times[:, 0] = created
    for stage in range(1, 5):
        times[:, stage] = times[:, stage - 1] + rng.integers(7 * 86400, 35 * 86400, n)
    closed = np.where(
        reached == 5, times[:, 4], times[np.arange(n), reached - 1] + rng.integers(10 * 86400, 45 * 86400, n)
    )
    accounts = world.accounts
    created_acc = seconds(accounts["created_at"])
    order = np.argsort(created_acc, kind="stable")
    count = np.searchsorted(created_acc[order], created, side="right")
    pick_idx = order[np.minimum((rng.random(n) * np.maximum(count, 1)).astype(int), len(order) - 1)]
    account = accounts["account_id"].to_numpy()[pick_idx]
    owner = accounts["owner_rep_id"].to_numpy()[pick_idx]
    fate = pd.DataFrame(
        {
            "opportunity_id": [f"OPP{i + 1:08d}" for i in np.argsort(np.argsort(created, kind="stable"))],
            "account_id": account,
            "owner_rep_id": owner,
            "reached": reached,
            "won": reached == 5,
            "closed": closed,
            "_flags": "",
        }
    )
    for stage in range(5):
        fate[f"t{stage + 1}"] = times[:, stage]
    _details(rng, world, fate, created_day)
    return fate


def _details(rng: np.random.Generator, world: World, fate: pd.DataFrame, created_day: np.ndarray) -> None:
    n = len(fate)
    fate["lead_source"] = pick(rng, vocab.LEAD_SOURCES, n)
    fate["amount"] = np.round(rng.lognormal(np.log(150_000), 1.0, n), -2).clip(min=1000)
    fate["amount_at_s1"] = rng.random(n) < 0.6
    custom = rng.random(n) < UNMAPPED_RATE
    custom[rng.choice(n, 3, replace=False)] = True
    fate["custom_stage"] = custom
    fate["competitor"] = np.where(rng.random(n) < 0.5, pick(rng, vocab.COMPETITORS, n), None)
    fate["expected_close_date"] = pd.to_datetime(created_day + rng.integers(30, 121, n))
    prods = world.products
    roll = rng.random(n)
    k = rng.integers(0, len(prods), n)
    interest = np.where(
        roll < 0.5, prods["sku"].to_numpy()[k], np.where(roll < 0.8, prods["product_name"].to_numpy()[k], None)
    )
    free = (roll >= 0.8) & (roll < 0.85)
    interest = np.where(free, pick(rng, vocab.FREE_TEXT_INTEREST, n), interest)
    fate["product_interest"] = interest
    stray = rng.random(n) < 0.003
    fate.loc[stray, "account_id"] = [f"AC9{v:05d}" for v in rng.integers(0, 10**5, int(stray.sum()))]
    fate["_flags"] = [
        ";".join(f for f, on in (("unknown_customer", s), ("unknown_sku", fr)) if on)
        for s, fr in zip(stray, free, strict=False)
    ]


def generate(rng: np.random.Generator, world: World, fate: pd.DataFrame, labels_used: set[str]) -> Iterator[Batch]:
    """Monthly delta files: each opportunity as it stood at the cut, when it changed that month."""
    last = len(world.months) - 1
    cuts = np.array([world.cut_seconds(k) for k in range(last + 1)])
    events = []
    for stage in range(1, 6):
        happened = fate["reached"].to_numpy() >= stage
        code = "S5" if stage == 5 else f"S{stage}"
        events.append(
            pd.DataFrame({"row": np.flatnonzero(happened), "at": fate[f"t{stage}"].to_numpy()[happened], "code": code})
        )
    lost = ~fate["won"].to_numpy()
    events.append(pd.DataFrame({"row": np.flatnonzero(lost), "at": fate["closed"].to_numpy()[lost], "code": "S0"}))
    events = pd.concat(events, ignore_index=True)
    events = events[events["at"] <= cuts[-1]]
    events["file"] = np.searchsorted(cuts, events["at"].to_numpy(), side="left")
    states = (
        events.sort_values(["row", "at"], kind="mergesort").groupby(["row", "file"], sort=False).last().reset_index()
    )
    states["_final"] = states["file"] == states.groupby("row")["file"].transform("max")
    stale = _stale_copies(rng, states, last)
    states = pd.concat([states.assign(_stale=False), stale], ignore_index=True)
    for k in range(last + 1):
        part = states[states["file"] == k]
        if part.empty:
            continue
        frame = _rows(rng, world, fate, part, layout.era(k / last), labels_used)
        yield Batch(OPPORTUNITIES, world.cut(k), frame.sort_values(["updated_at", "opportunity_id"], kind="mergesort"))


def _stale_copies(rng: np.random.Generator, states: pd.DataFrame, last: int) -> pd.DataFrame:
    """A few older versions sent again after the opportunity's latest one."""
    final = states.groupby("row")["file"].transform("max")
    older = states[(states["file"] < final) & (rng.random(len(states)) < 0.004)].copy()
    older["file"] = final[older.index] + rng.integers(1, 4, len(older))
    return older[older["file"] <= last].assign(_stale=True, _final=False)


def _rows(
    rng: np.random.Generator, world: World, fate: pd.DataFrame, part: pd.DataFrame, era: int, labels_used: set[str]
) -> pd.DataFrame:
    opp = fate.iloc[part["row"].to_numpy()].reset_index(drop=True)
    code = part["code"].to_numpy()
    label = np.array([LABELS[era][c] for c in code], dtype=object)
    # A few opportunities end on a custom stage nobody mapped; other rows get one at random.
    unmapped = (rng.random(len(label)) < UNMAPPED_RATE) | (
        part["_final"].to_numpy(bool) & opp["custom_stage"].to_numpy()
    )
    label[unmapped] = pick(rng, UNMAPPED, int(unmapped.sum()))
    labels_used.update(label)
    flags = opp["_flags"].to_numpy().copy()
    flags[unmapped] = [";".join(filter(None, (f, "unmapped_stage"))) for f in flags[unmapped]]
    closed = np.isin(code, ["S5", "S0"])
    show_amount = (code != "S1") | opp["amount_at_s1"].to_numpy()
    return pd.DataFrame(
        {
            "opportunity_id": opp["opportunity_id"],
            "account_id": opp["account_id"],
            "lead_source": opp["lead_source"],
            "stage": label,
            "amount": np.where(show_amount, opp["amount"], np.nan),
            "product_interest": opp["product_interest"],
            "competitor": opp["competitor"],
            "expected_close_date": opp["expected_close_date"],
            "owner_rep_id": opp["owner_rep_id"],
            "created_at": pd.to_datetime(stamps(opp["t1"].to_numpy())),
            "updated_at": pd.to_datetime(stamps(part["at"].to_numpy())),
            "closed_at": pd.to_datetime(np.where(closed, stamps(opp["closed"].to_numpy()), np.datetime64("NaT"))),
            "_flags": flags,
            "_stale": part["_stale"].to_numpy(bool),
        }
    )
