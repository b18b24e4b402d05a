"""POS receipt lines, one month at a time, vectorised so scale 10 (~10M lines) stays bounded.

Stores trade between their open and close dates, members buy only after registering, and
promotion days carry discounts. Returns are lines with negative qty (~1%).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from demodata import codes, seasons, vocab
from demodata import products as products_mod
from demodata.batch import Batch
from demodata.world import World, seconds
from ingestion.contract import entity

TRANSACTIONS = entity("pos", "transactions")
LINES_AT_SCALE_1 = 1_000_000
LINES_PER_RECEIPT = np.array([0.45, 0.25, 0.15, 0.10, 0.05])
MEAN_LINES = float((np.arange(1, 6) * LINES_PER_RECEIPT).sum())
EPOCH = np.datetime64("2000-01-01")


def generate(rng: np.random.Generator, world: World) -> Iterator[Batch]:
    weights = [seasons.daily_weights(seasons.month_days(m), world.start, "retail") for m in world.months]
    total = sum(w.sum() for w in weights)
    unknown = codes.barcodes(rng, 40, taken=set(world.products["barcode"].dropna()))
    members = world.members
    activity = np.cumsum(members["activity"].to_numpy())
    registered = seconds(members["registered_at"])
    for i, month in enumerate(world.months):
        expected = weights[i].sum() / total * LINES_AT_SCALE_1 * world.scale
        frame = _month(rng, world, month, weights[i], expected, activity, registered, unknown)
        yield Batch(TRANSACTIONS, world.cut(i), frame)


def _month(
    rng: np.random.Generator,
    world: World,
    month: np.datetime64,
    day_weights: np.ndarray,
    expected: float,
    activity: np.ndarray,
    registered: np.ndarray,
    unknown: list[str],
) -> pd.DataFrame:
    days = seasons.month_days(month)
    stores = world.stores
    first, last = pd.Timestamp(days[0]), pd.Timestamp(days[-1])
    open_ = np.flatnonzero(((stores["open_date"] <= last) & ~(stores["close_date"] <= first)).to_numpy())
    n = max(1, int(rng.poisson(expected / MEAN_LINES)))
    traffic = stores["traffic"].to_numpy()[open_]
    store = open_[rng.choice(len(open_), n, p=traffic / traffic.sum())]
    day = days[rng.choice(len(days), n, p=day_weights / day_weights.sum())]
    opened = stores["open_date"].to_numpy()[store].astype("datetime64[D]")
    closed = stores["close_date"].to_numpy()[store].astype("datetime64[D]")
    day = np.maximum(day, opened)
    day = np.where(~np.isnat(closed) & (day >= closed), closed - 1, day)
    sold = seconds(day) + seasons.day_seconds(rng, n, (12.0, 19.0), 2.2, 9.0, 22.0)
    member = _members(rng, world, sold, activity, registered)
    is_return = rng.random(n) < 0.02  # single-line receipts: ~1% of lines
    n_lines = np.where(is_return, 1, rng.choice(5, n, p=LINES_PER_RECEIPT) + 1)
    receipt = np.repeat(np.arange(n), n_lines)
    line_no = np.concatenate([np.arange(1, k + 1) for k in n_lines])
    prods = world.products
    sellable = np.flatnonzero(products_mod.available(prods, days[0]) & prods["pos_ok"].to_numpy())
    pop = prods["popularity"].to_numpy()[sellable]
    sku = sellable[rng.choice(len(sellable), len(receipt), p=pop / pop.sum())]
    qty = rng.choice([1, 1, 1, 1, 1, 1, 1, 1, 2, 3], len(receipt)).astype(float)
    qty = np.where(rng.random(len(receipt)) < 0.03, rng.integers(3, 7, len(receipt)), qty)
    qty = np.where(is_return[receipt], -rng.integers(1, 3, len(receipt)), qty)
    price = products_mod.price_on(prods, days[0])[sku]
    promo = seasons.promotion_days(day)[receipt] & (rng.random(len(receipt)) < 0.6)
    member_deal = (member[receipt] >= 0) & (rng.random(len(receipt)) < 0.3)
    rate = np.where(promo, rng.uniform(0.1, 0.3, len(receipt)), np.where(member_deal, 0.05, 0.0))
    rate = np.where(is_return[receipt], 0.0, rate)
    discount = np.where(
        rate > 0, np.round(qty * price * rate, 2), np.where(rng.random(len(receipt)) < 0.5, np.nan, 0.0)
    )
    payment = rng.choice(len(vocab.PAYMENT_METHODS), n, p=vocab.PAYMENT_WEIGHTS)
    payment = np.where((payment == 4) & (member < 0), 0, payment)
    store_ids = stores["store_id"].to_numpy()[store]
    receipt_ids, keys = _receipt_ids(store, store_ids, sold)
    member_ids = np.where(member >= 0, world.members["member_id"].to_numpy()[np.maximum(member, 0)], None)
    frame = pd.DataFrame(
        {
            "receipt_id": receipt_ids[receipt],
            "line_no": line_no,
            "store_id": store_ids[receipt],
            "sold_at": pd.to_datetime(sold[receipt].astype("datetime64[s]")),
            "barcode": prods["barcode"].to_numpy()[sku],
            "qty": qty,
            "unit_price": price,
            "discount_amount": discount,
            "member_id": member_ids[receipt],
            "payment_method": np.array(vocab.PAYMENT_METHODS, dtype=object)[payment][receipt],
            "_key": keys[receipt] * 10 + line_no,
            "_flags": "",
        }
    )
    _mark_barcodes(rng, frame, unknown)
    return frame.sort_values(["sold_at", "receipt_id", "line_no"], kind="mergesort").reset_index(drop=True)


def _members(
    rng: np.random.Generator, world: World, sold: np.ndarray, activity: np.ndarray, registered: np.ndarray
) -> np.ndarray:
    """Member index per receipt (-1 = anonymous); ~40% of receipts, active members more often."""
    count = np.searchsorted(registered, sold, side="right")
    identified = (rng.random(len(sold)) < 0.4) & (count > 0)
    draw = rng.random(len(sold)) * activity[np.maximum(count - 1, 0)]
    member = np.minimum(np.searchsorted(activity, draw, side="right"), np.maximum(count - 1, 0))
    erased = world.members["erased"].to_numpy()[member]
    gone = ~np.isnat(erased) & (erased.astype("datetime64[s]").astype("int64") <= sold)
    return np.where(identified & ~gone, member, -1)


def _receipt_ids(store: np.ndarray, store_ids: np.ndarray, sold: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`<store_id><YYYYMMDD><seq:05d>`, numbered per store and day in time order."""
    day = sold // 86400
    order = np.lexsort((sold, day, store))
    group_start = np.r_[True, (store[order][1:] != store[order][:-1]) | (day[order][1:] != day[order][:-1])]
    running = np.arange(len(order))
    seq_sorted = running - np.maximum.accumulate(np.where(group_start, running, 0)) + 1
    seq = np.empty(len(order), dtype="int64")
    seq[order] = seq_sorted
    dates = (day.astype("datetime64[D]")).astype(str)
    ids = np.strings.add(
        np.strings.add(store_ids.astype(str), np.strings.replace(dates, "-", "")), np.strings.zfill(seq.astype(str), 5)
    ).astype(object)
    day_number = (day.astype("datetime64[D]") - EPOCH).astype("int64")
    keys = (store.astype("int64") * 100_000 + day_number) * 100_000 + seq
    return ids, keys


def _mark_barcodes(rng: np.random.Generator, frame: pd.DataFrame, unknown: list[str]) -> None:
    """~0.2% unknown (valid EAN-13, not in the master) and ~0.1% with a wrong check digit."""
    roll = rng.random(len(frame))
    stray = roll < 0.002
    frame.loc[stray, "barcode"] = np.array(unknown, dtype=object)[rng.integers(0, len(unknown), int(stray.sum()))]
    frame.loc[stray, "_flags"] = "unknown_barcode"
    broken = (roll >= 0.002) & (roll < 0.003)
    frame.loc[broken, "barcode"] = [codes.wrong_check_digit(b, rng) for b in frame.loc[broken, "barcode"]]
    frame.loc[broken, "_flags"] = "bad_barcode_checksum;unknown_barcode"
