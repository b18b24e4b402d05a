"""Replenishment per warehouse and product from the monthly forecast: safety stock, reorder
point, projected stock, stock-out and excess flags, and a suggested order.

Definitions (quantities per warehouse and product; `LT = lead_time_days / 30.4` months):
- demand of a warehouse = product forecast × the warehouse's share of the product's history
  (equal split over its warehouses when the product has no history); sigma scales the same way.
- sigma_monthly = RMSE of past monthly errors (`error_sigma`), else the width of the 80% interval
  `(hi_80 − lo_80) / (2 × 1.2816)` averaged over the horizon.
- safety_stock = z(service_level) × sigma_monthly × √LT.
- reorder_point = demand over the first LT months of the horizon (pro rata; the last month's
  rate continues past the horizon) + safety stock.
- projected_on_hand of a month = on hand + in transit − forecast up to and including the month.
- is_stockout: projected < 0; is_stockout_risk: projected < safety stock; is_excess: projected >
  safety stock + `excess_cover_months` (3) × mean monthly demand over the horizon.
- suggested_order_qty (first month's row only): when on hand + in transit < reorder point, order
  up to reorder point + `review_months` (1) × mean monthly demand, rounded up to a whole unit and
  raised to the MOQ when smaller (MOQ is a minimum, not a pack size).
"""

from __future__ import annotations

import datetime as dt
import math
from statistics import NormalDist

import duckdb
import numpy as np
import pandas as pd

DAYS_PER_MONTH = 30.4
Z_80 = 1.2816
KEYS = ["warehouse_code", "product_code"]


def z_score(service_level: float) -> float:
    """Standard normal quantile of the service level, e.g. 1.6449 for 0.95."""
    if not 0 < service_level < 1:
        raise ValueError(f"服务水平应在 0 和 1 之间 / service level must be between 0 and 1, got {service_level!r}")
    return NormalDist().inv_cdf(service_level)


def latest_inventory(inventory: pd.DataFrame) -> pd.DataFrame:
    """On hand and in transit per warehouse and product at each warehouse's latest snapshot.

    Takes `core.fct_inventory_daily` rows; UNKNOWN products cannot be planned and are left out.
    """
    latest = inventory.groupby("warehouse_code")["snapshot_date"].transform("max")
    rows = inventory.loc[(inventory["snapshot_date"] == latest) & (inventory["product_code"] != "UNKNOWN")]
    return rows.groupby(KEYS, as_index=False)[["on_hand_qty", "in_transit_qty"]].sum().astype(
        {"on_hand_qty": float, "in_transit_qty": float})


def read_latest_inventory(con: duckdb.DuckDBPyConnection, as_of: dt.date | None = None) -> pd.DataFrame:
    """`latest_inventory` of `core.fct_inventory_daily`, from snapshots up to `as_of` when given
    (a backfilled version plans from the stock it would have seen)."""
    return latest_inventory(con.execute(
        "select snapshot_date, warehouse_code, product_code, on_hand_qty, coalesce(in_transit_qty, 0) as in_transit_qty"
        " from core.fct_inventory_daily where $as_of is null or snapshot_date <= $as_of", {"as_of": as_of}
    ).df())


def error_sigma(errors: pd.DataFrame, min_months: int = 3) -> pd.Series:
    """RMSE of monthly forecast errors per product (`product_code, error`), with at least `min_months`."""
    grouped = errors.groupby("product_code")["error"]
    rmse = grouped.apply(lambda error: math.sqrt((error**2).mean()))
    return rmse[grouped.size() >= min_months].rename("sigma_monthly")


def warehouse_shares(demand: pd.DataFrame) -> pd.DataFrame:
    """Each warehouse's share of a product's historical demand (`warehouse_code, product_code, qty`)."""
    totals = demand.groupby(KEYS, as_index=False)["qty"].sum()
    totals["share"] = totals["qty"] / totals.groupby("product_code")["qty"].transform("sum")
    return totals.loc[totals["share"].notna(), [*KEYS, "share"]]


def plan_replenishment(version: str, forecast: pd.DataFrame, inventory: pd.DataFrame, supply: pd.DataFrame,
                       sigma: pd.Series | None = None, shares: pd.DataFrame | None = None, *,
                       default_lead_time_days: float = 30.0, default_moq: float = 1.0,
                       default_service_level: float = 0.95, excess_cover_months: float = 3.0,
                       review_months: float = 1.0) -> pd.DataFrame:
    """One row per warehouse, product and forecast month (see the module docstring).

    Args:
        version: forecast version the plan belongs to.
        forecast: `product_code, month, yhat` (rows per region are summed), with `yhat_lo_80` and
            `yhat_hi_80` needed for products that `sigma` does not cover.
        inventory: `latest_inventory` output.
        supply: `warehouse_code, sku, lead_time_days, moq, service_level`; `sku` is the product code.
            Pairs in inventory without parameters use the defaults and are flagged.
        sigma: monthly error sigma per product_code (`error_sigma`).
        shares: `warehouse_shares` output.
    """
    months = forecast.assign(month=pd.to_datetime(forecast["month"])).groupby(["product_code", "month"], as_index=False)
    monthly = months.sum(numeric_only=True)
    products = monthly.groupby("product_code")
    known_sigma = pd.Series(dtype=float) if sigma is None else sigma
    product_sigma = known_sigma.reindex(products.size().index)
    if product_sigma.isna().any():
        if not {"yhat_lo_80", "yhat_hi_80"} <= set(monthly):
            raise ValueError("没有误差历史时需要 80% 区间 / products without error history need "
                             "yhat_lo_80 and yhat_hi_80")
        proxy = ((monthly["yhat_hi_80"] - monthly["yhat_lo_80"]) / (2 * Z_80)).groupby(monthly["product_code"]).mean()
        product_sigma = product_sigma.fillna(proxy)
    params = supply.rename(columns={"sku": "product_code"})[[*KEYS, "lead_time_days", "moq", "service_level"]].astype(
        {"lead_time_days": float, "moq": float, "service_level": float})
    pairs = pd.concat([params[KEYS], inventory[KEYS]]).drop_duplicates()
    pairs = pairs.loc[pairs["product_code"].isin(product_sigma.index)]
    plan = pairs.merge(params, on=KEYS, how="left").merge(inventory, on=KEYS, how="left")
    plan["uses_default_params"] = plan[["lead_time_days", "moq", "service_level"]].isna().any(axis=1)
    plan = plan.fillna({"lead_time_days": default_lead_time_days, "moq": default_moq,
                        "service_level": default_service_level, "on_hand_qty": 0.0, "in_transit_qty": 0.0})
    plan["share"] = _shares(plan[KEYS], shares)
    plan["sigma_monthly"] = plan["product_code"].map(product_sigma) * plan["share"]
    plan["safety_stock"] = [z_score(level) for level in plan["service_level"]] * plan["sigma_monthly"] * np.sqrt(
        plan["lead_time_days"] / DAYS_PER_MONTH)
    rows = plan.merge(monthly[["product_code", "month", "yhat"]], on="product_code").sort_values([*KEYS, "month"])
    rows["forecast_qty"] = rows["yhat"] * rows["share"]
    rows["step"] = rows.groupby(KEYS).cumcount()
    _lead_time_demand(rows)
    rows["reorder_point"] = rows["demand_over_lead_time"] + rows["safety_stock"]
    position = rows["on_hand_qty"] + rows["in_transit_qty"]
    rows["projected_on_hand"] = position - rows.groupby(KEYS)["forecast_qty"].cumsum()
    mean_demand = rows.groupby(KEYS)["forecast_qty"].transform("mean")
    rows["is_stockout"] = rows["projected_on_hand"] < 0
    rows["is_stockout_risk"] = rows["projected_on_hand"] < rows["safety_stock"]
    rows["is_excess"] = rows["projected_on_hand"] > rows["safety_stock"] + excess_cover_months * mean_demand
    need = np.ceil(rows["reorder_point"] + review_months * mean_demand - position - 1e-9)
    order = np.maximum(need, rows["moq"]).where(position < rows["reorder_point"], 0.0)
    rows["suggested_order_qty"] = order.where(rows["step"] == 0, 0.0)
    rows["forecast_version"] = version
    return rows[["forecast_version", *KEYS, "month", "forecast_qty", "sigma_monthly", "safety_stock",
                 "reorder_point", "projected_on_hand", "is_stockout_risk", "is_stockout", "is_excess",
                 "suggested_order_qty", "lead_time_days", "moq", "service_level",
                 "uses_default_params"]].reset_index(drop=True)


def _shares(pairs: pd.DataFrame, shares: pd.DataFrame | None) -> pd.Series:
    """Historical shares renormalised over the planned warehouses; equal split without history."""
    known = pairs.merge(shares, on=KEYS, how="left")["share"] if shares is not None else pd.Series(np.nan, pairs.index)
    known.index = pairs.index
    total = known.groupby(pairs["product_code"]).transform("sum")
    equal = 1 / pairs.groupby("product_code")["product_code"].transform("size")
    return (known.fillna(0) / total).where(total > 0, equal)


def _lead_time_demand(rows: pd.DataFrame) -> None:
    """Add `demand_over_lead_time`: forecast over the first LT months, pro rata, last rate continued."""
    lead_months = rows["lead_time_days"] / DAYS_PER_MONTH
    horizon = rows.groupby(KEYS)["step"].transform("max") + 1
    covered = (lead_months - rows["step"]).clip(0, 1)
    last = rows["step"] == horizon - 1
    beyond = (lead_months - horizon).clip(lower=0).where(last, 0)
    rows["demand_over_lead_time"] = (rows["forecast_qty"] * (covered + beyond)).groupby(
        [rows[key] for key in KEYS]).transform("sum")
