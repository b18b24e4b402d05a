"""ERP sales order lines and invoices, month by month, with the re-sends delta files carry.

Each line has a timeline (created, shipped, invoiced, maybe cancelled or returned). A month's
file holds the lines as they stood at its cut; a line whose status changes later is sent
again in the file of the month of the change with a newer updated_at, and a few later files
re-send a stale older version, so only "latest updated_at wins" gives the right state.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import numpy as np
import pandas as pd

from demodata import products as products_mod
from demodata import reps as reps_mod
from demodata import seasons, vocab
from demodata.batch import Batch
from demodata.world import World, seconds, stamps
from ingestion.contract import entity

ORDERS, INVOICES = entity("erp", "sales_orders"), entity("erp", "invoices")
LINES_AT_SCALE_1 = 200_000
NEVER = np.iinfo("int64").max
QTY_LOG_MEAN = {"直营": 2.0, "经销": 3.2, "KA": 3.0, "电商": 2.6}


class SalesLedger:
    """Net sales by order month, region and category, for setting attainable targets."""

    def __init__(self, months: int) -> None:
        self.regions = list(reps_mod.REGIONS)
        self.categories = list(vocab.CATEGORIES)
        self.net = np.zeros((months, len(self.regions), len(self.categories)))


def generate(rng: np.random.Generator, world: World, ledger: SalesLedger) -> Iterator[Batch]:
    months = world.months
    weights = [seasons.daily_weights(seasons.month_days(m), world.start, "b2b") for m in months]
    share = np.array([w.sum() for w in weights]) / sum(w.sum() for w in weights)
    pending: dict[int, list[pd.DataFrame]] = defaultdict(list)
    invoices: dict[int, list[pd.DataFrame]] = defaultdict(list)
    counters = {"order": 0, "invoice": defaultdict(int)}
    for i, month in enumerate(months):
        lines = _month_lines(rng, world, i, month, weights[i], share[i] * LINES_AT_SCALE_1 * world.scale, counters)
        _schedule_versions(rng, world, i, lines, pending, ledger)
        _schedule_invoices(rng, world, lines, invoices, counters)
        frame = pd.concat(pending.pop(i), ignore_index=True).sort_values(["updated_at", "_key"], kind="mergesort")
        yield Batch(ORDERS, world.cut(i), frame)
        if invoices.get(i):
            bills = pd.concat(invoices.pop(i), ignore_index=True)
            yield Batch(INVOICES, world.cut(i), bills.sort_values(["invoice_date", "invoice_id"], kind="mergesort"))


def _month_lines(
    rng: np.random.Generator,
    world: World,
    i: int,
    month: np.datetime64,
    day_weights: np.ndarray,
    expected_lines: float,
    counters: dict,
) -> pd.DataFrame:
    days = seasons.month_days(month)
    customers = world.customers
    first, last = pd.Timestamp(days[0]), pd.Timestamp(days[-1])
    active = (
        (customers["created"] <= last) & ~(customers["churn"] <= first) & ~(customers["deleted"] <= first)
    ).to_numpy()
    pool = np.flatnonzero(active)
    n_orders = max(1, int(rng.poisson(expected_lines / 4.0)))
    cust = pool[
        rng.choice(
            len(pool), n_orders, p=customers["weight"].to_numpy()[pool] / customers["weight"].to_numpy()[pool].sum()
        )
    ]
    order_day = days[rng.choice(len(days), n_orders, p=day_weights / day_weights.sum())]
    order_day = np.maximum(order_day, customers["created"].to_numpy()[cust].astype("datetime64[D]"))
    n_lines = 1 + np.minimum(rng.poisson(3.0, n_orders), 11)
    order = np.repeat(np.arange(n_orders), n_lines)
    line_no = np.concatenate([np.arange(1, k + 1) for k in n_lines])
    prods = world.products
    sellable = np.flatnonzero(products_mod.available(prods, days[0]) & products_mod.available(prods, days[-1]))
    pop = prods["popularity"].to_numpy()[sellable]
    sku_idx = sellable[rng.choice(len(sellable), len(order), p=pop / pop.sum())]
    c = customers.iloc[cust[order]]
    channel = c["channel"].to_numpy()
    qty = np.maximum(1, np.rint(rng.lognormal(pd.Series(channel).map(QTY_LOG_MEAN).to_numpy(), 0.7)))
    low_high = np.array([vocab.CHANNEL_PRICE_FACTOR[ch] for ch in channel])
    factor = low_high[:, 0] + (low_high[:, 1] - low_high[:, 0]) * (hash_unit(c["customer_code"].to_numpy()))
    price = np.round(products_mod.price_on(prods, days[0])[sku_idx] * factor * rng.normal(1, 0.005, len(order)), 2)
    discounted = rng.random(len(order)) < 0.25
    discount = np.where(
        discounted,
        np.round(qty * price * rng.uniform(0.01, 0.08, len(order)), 2),
        np.where(rng.random(len(order)) < 0.45, np.nan, 0.0),
    )
    order_ids = np.array([f"SO{str(month).replace('-', '')}{k + 1:06d}" for k in range(n_orders)], dtype=object)
    created = seconds(order_day) + rng.integers(8 * 60, 18 * 60, n_orders) * 60
    cancelled = rng.random(n_orders) < 0.02
    cancel_at = np.where(cancelled, created + rng.integers(2 * 3600, 3 * 86400, n_orders) // 60 * 60, NEVER)
    ship_at = np.where(cancelled, NEVER, created + rng.integers(1, 5, n_orders) * 86400)
    invoice_at = np.where(cancelled, NEVER, ship_at + rng.integers(0, 8 * 24, n_orders) * 3600)
    returned = (rng.random(len(order)) < 0.015) & ~cancelled[order]
    return_at = np.where(returned, invoice_at[order] + rng.integers(7 * 24, 40 * 24, len(order)) * 3600, NEVER)
    frame = pd.DataFrame(
        {
            "order_id": order_ids[order],
            "line_no": line_no,
            "order_date": pd.to_datetime(order_day[order]),
            "customer_code": c["customer_code"].to_numpy(),
            "sku": prods["sku"].to_numpy()[sku_idx],
            "qty": qty,
            "unit_price": price,
            "discount_amount": discount,
            "rep_id": _reps(world, c, order_day[order]),
            "warehouse_code": np.where(
                rng.random(len(order)) < 0.1, "WH-SH", c["region"].map(vocab.REGION_WAREHOUSE).to_numpy()
            ),
            "_created": created[order],
            "_cancel": cancel_at[order],
            "_ship": ship_at[order],
            "_invoice": invoice_at[order],
            "_return": return_at,
            "_key": (counters["order"] + order) * 100 + line_no,
            "_flags": "",
            "_region": c["region"].to_numpy(),
            "_category": prods["category_l1"].to_numpy()[sku_idx],
            "_credit_days": c["credit_days"].to_numpy(),
        }
    )
    counters["order"] += n_orders
    _mark_unknown(rng, frame, n_orders)
    return frame


def hash_unit(codes: np.ndarray) -> np.ndarray:
    """A stable number in [0, 1) per customer code: each customer keeps its discount level."""
    return np.array([(int(code[1:]) * 2654435761 % 2**32) / 2**32 for code in codes])


def _reps(world: World, customers: pd.DataFrame, days: np.ndarray) -> np.ndarray:
    """The owner rep while employed, else the region's manager."""
    reps = world.reps.set_index("rep_id")
    hire = reps["hire_date"].reindex(customers["owner"]).to_numpy()
    leave = reps["termination_date"].reindex(customers["owner"]).to_numpy()
    day = days.astype("datetime64[ns]")
    employed = (hire <= day) & ~(leave <= day)
    managers = world.reps[world.reps["team"].str.endswith("大区")].set_index("region")["rep_id"]
    return np.where(employed, customers["owner"].to_numpy(), customers["region"].map(managers).to_numpy())


def _mark_unknown(rng: np.random.Generator, frame: pd.DataFrame, n_orders: int) -> None:
    """Orders for customers not in the master and lines for SKUs not in it (loaded, flagged)."""
    orders = frame["order_id"].unique()
    stray = set(orders[rng.random(len(orders)) < 0.002])
    unknown_customer = frame["order_id"].isin(stray).to_numpy()
    frame.loc[unknown_customer, "customer_code"] = frame.loc[unknown_customer, "order_id"].map(
        lambda o: f"C9{int(o[-5:]):05d}"
    )
    frame.loc[unknown_customer, "_flags"] = "unknown_customer"
    unknown_sku = (rng.random(len(frame)) < 0.002) & ~unknown_customer
    frame.loc[unknown_sku, "sku"] = [f"SKU-0{v:05d}" for v in rng.integers(0, 10**5, int(unknown_sku.sum()))]
    frame.loc[unknown_sku, "_flags"] = "unknown_sku"


def _state(lines: pd.DataFrame, cut: int) -> tuple[np.ndarray, np.ndarray]:
    """Status and updated_at (epoch seconds) of each line as of `cut`."""
    status = np.full(len(lines), "open", dtype=object)
    updated = lines["_created"].to_numpy().copy()
    for event, name in (
        ("_cancel", "cancelled"),
        ("_ship", "shipped"),
        ("_invoice", "invoiced"),
        ("_return", "returned"),
    ):
        happened = lines[event].to_numpy() <= cut
        status[happened] = name
        updated = np.where(happened, lines[event].to_numpy(), updated)
    return status, updated


def _schedule_versions(
    rng: np.random.Generator,
    world: World,
    i: int,
    lines: pd.DataFrame,
    pending: dict[int, list[pd.DataFrame]],
    ledger: SalesLedger,
) -> None:
    last = len(world.months) - 1
    previous, first_version, last_file = None, None, np.full(len(lines), i)
    for k in range(i, min(i + 4, last + 1)):
        status, updated = _state(lines, world.cut_seconds(k))
        changed = np.ones(len(lines), dtype=bool) if previous is None else status != previous
        if changed.any():
            version = _version(lines[changed], status[changed], updated[changed])
            pending[k].append(version)
            if previous is None:
                first_version = version
            last_file[changed] = k
        previous = status
    stale = np.flatnonzero((last_file > i) & (rng.random(len(lines)) < 0.003))
    for row in stale:
        target = int(last_file[row] + rng.integers(1, 4))
        if target <= last:
            pending[target].append(first_version.iloc[[row]].assign(_stale=True))
    sign = np.select([np.isin(previous, ["shipped", "invoiced"]), previous == "returned"], [1.0, -1.0], 0.0)
    known = lines["_flags"].eq("").to_numpy()
    net = (lines["qty"] * lines["unit_price"] - lines["discount_amount"].fillna(0)).to_numpy() * sign * known
    r = pd.Series(lines["_region"]).map({n: j for j, n in enumerate(ledger.regions)}).to_numpy()
    c = pd.Series(lines["_category"]).map({n: j for j, n in enumerate(ledger.categories)}).to_numpy()
    np.add.at(ledger.net[i], (r, c), net)


def _version(lines: pd.DataFrame, status: np.ndarray, updated: np.ndarray) -> pd.DataFrame:
    shipped = np.isin(status, ["shipped", "invoiced", "returned"])
    ship_date = stamps(lines["_ship"].to_numpy().clip(max=2**40)).astype("datetime64[D]")
    out = lines[[*ORDERS.column_names[:10], "_key", "_flags"]].copy()
    out["status"] = status
    out["ship_date"] = pd.to_datetime(np.where(shipped, ship_date, np.datetime64("NaT")))
    out["updated_at"] = pd.to_datetime(stamps(updated))
    out["_stale"] = False
    return out


def _schedule_invoices(
    rng: np.random.Generator, world: World, lines: pd.DataFrame, invoices: dict[int, list[pd.DataFrame]], counters: dict
) -> None:
    """One invoice per shipped order; a later re-send once it is paid (latest file wins)."""
    billable = lines[lines["_invoice"] <= world.cut_seconds(len(world.months) - 1)]
    if billable.empty:
        return
    net = billable["qty"] * billable["unit_price"] - billable["discount_amount"].fillna(0)
    orders = (
        billable.assign(_net=net)
        .groupby("order_id", sort=True)
        .agg(
            customer_code=("customer_code", "first"),
            amount=("_net", "sum"),
            invoiced=("_invoice", "first"),
            credit=("_credit_days", "first"),
            flags=("_flags", lambda f: "unknown_customer" if (f == "unknown_customer").any() else ""),
        )
    )
    n = len(orders)
    invoice_day = stamps(orders["invoiced"].to_numpy()).astype("datetime64[D]")
    due = invoice_day + orders["credit"].to_numpy().astype("timedelta64[D]")
    kind = rng.choice(4, n, p=[0.7, 0.1, 0.1, 0.1])  # on time, late, partial, unpaid
    paid_day = np.where(kind == 1, due + rng.integers(30, 120, n), due + rng.integers(-8, 6, n)).astype("datetime64[D]")
    paid_day = np.maximum(paid_day, invoice_day)
    amount = np.round(orders["amount"].to_numpy(), 2)
    paid = np.where(kind == 2, np.round(amount * rng.uniform(0.3, 0.9, n), 2), amount)
    month_index = {m: j for j, m in enumerate(world.months)}
    last = len(world.months) - 1
    ids = []
    for day in invoice_day:
        month = day.astype("datetime64[M]")
        counters["invoice"][month] += 1
        ids.append(f"INV{str(month).replace('-', '')}{counters['invoice'][month]:06d}")
    base = pd.DataFrame(
        {
            "invoice_id": ids,
            "order_id": orders.index.to_numpy(),
            "customer_code": orders["customer_code"].to_numpy(),
            "invoice_date": pd.to_datetime(invoice_day),
            "amount": amount,
            "due_date": pd.to_datetime(due),
            "paid_amount": np.nan,
            "paid_date": pd.to_datetime(np.full(n, np.datetime64("NaT"), "datetime64[D]")),
            "_flags": orders["flags"].to_numpy(),
        }
    )
    first = np.array([month_index[d.astype("datetime64[M]")] for d in invoice_day])
    paid_at = np.array([month_index.get(d.astype("datetime64[M]"), last + 1) for d in paid_day])
    paying = kind != 3
    with_payment = base.assign(paid_amount=paid, paid_date=pd.to_datetime(paid_day))
    settled = paying & (paid_at <= first)
    as_invoiced = base.copy()
    as_invoiced.loc[settled, ["paid_amount", "paid_date"]] = with_payment.loc[settled, ["paid_amount", "paid_date"]]
    for k in np.unique(first):
        invoices[int(k)].append(as_invoiced[first == k])
    later = paying & (paid_at > first) & (paid_at <= last)
    for k in np.unique(paid_at[later]):
        invoices[int(k)].append(with_payment[later & (paid_at == k)])
