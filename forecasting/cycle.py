"""One monthly S&OP cycle: forecast version, consensus with planner overrides, replenishment plan.

Everything a version uses is cut at the version month (`versions.known_history`, inventory as of
that month's end, errors of earlier versions on months then closed), so building a past version
later is an honest backtest. Re-running a version rewrites only that version, identically.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from forecasting import consensus, demand, engine, hierarchy, replenishment, store
from forecasting.progress import ProgressCallback
from forecasting.versions import check_horizon, known_history, version_month

_KEYS = ["unique_id", "product_code", "category_l1", "region"]


@dataclass
class CycleResult:
    """What a cycle wrote, for run metadata and the CLI."""

    version: str
    series: int
    forecast_rows: int
    consensus_rows: int
    overrides_accepted: int
    overrides_rejected: int
    replenishment_rows: int
    stockout_risks: int
    warnings: list[str] = field(default_factory=list)


def build_version(con: duckdb.DuckDBPyConnection, version: str, created_at: dt.datetime, horizon: int = 6,
                  overrides_landing: Path | None = None, n_windows: int = 3,
                  history: pd.DataFrame | None = None, on_progress: ProgressCallback | None = None) -> CycleResult:
    """Forecast the `horizon` months after `version` and write its forecast, consensus and replenishment.

    Args:
        con: the warehouse (core facts built); `sop` tables are created when missing.
        version: cycle month `YYYY-MM`; the forecast sees actuals up to and including it.
        created_at: stamp for a first write; reruns keep the stored stamp.
        horizon: months to forecast, 3 to 6.
        overrides_landing: the landing dir whose `sop/overrides` files hold planner overrides.
        n_windows: cross-validation windows per series.
        history: `demand.bottom_history(con)`, when the caller builds several versions.
        on_progress: passed to the engine, for progress on long forecasts.
    """
    check_horizon(horizon)
    history = demand.bottom_history(con) if history is None else history
    known = known_history(history, version)
    active = demand.active_ids(known, version)
    if not active:
        raise ValueError(f"版本 {version} 之前没有销售 / no sales in the months up to version {version}")
    bottom = known[known["unique_id"].isin(active)]
    result = engine.forecast(bottom[["unique_id", "ds", "y"]], horizon, n_windows=n_windows, on_progress=on_progress)
    statistical = _all_levels(result.forecasts, bottom[_KEYS].drop_duplicates("unique_id"))
    rows = store.write_version(con, version, statistical, created_at, "forecast")

    accepted, rejected = _overrides(overrides_landing, version, statistical)
    agreed = consensus.apply_overrides(statistical.assign(forecast_version=version), accepted)
    agreed["planner"] = agreed["planner"].replace("", None)
    agreed["reason"] = agreed["reason"].replace("", None)
    consensus_rows = store.write_version(con, version, agreed, created_at, "consensus_forecast")
    if not accepted.empty:
        store.write_version(con, version, accepted, created_at, "planner_overrides")
    if not rejected.empty:
        store.write_rejections(con, rejected, created_at)

    plan = _replenishment(con, version, agreed, history)
    plan_rows = store.write_version(con, version, plan, created_at, "replenishment") if not plan.empty else 0
    return CycleResult(version, len(active), rows, consensus_rows, len(accepted), len(rejected), plan_rows,
                       int(plan["is_stockout_risk"].sum()) if not plan.empty else 0, result.warnings)


def _all_levels(bottom_forecasts: pd.DataFrame, keys: pd.DataFrame) -> pd.DataFrame:
    """Bottom forecasts with their keys plus the bottom-up levels, in `sop.forecast` shape."""
    levels = hierarchy.reconcile_bottom_up(bottom_forecasts, keys)
    levels["level"] = levels["level"].map(demand.LEVEL_NAMES)
    chosen = bottom_forecasts[["unique_id", "ds", "model", "segment"]]
    frame = levels.merge(chosen, on=["unique_id", "ds"], how="left").merge(keys, on="unique_id", how="left")
    aggregate = frame["level"] != demand.BOTTOM_LEVEL
    frame.loc[aggregate, "model"] = "BottomUp"
    frame.loc[aggregate, ["product_code", "category_l1", "region", "segment"]] = None
    parts = frame["unique_id"].str.split("/", n=1)
    for level, column, part in (("category_l1", "category_l1", 0), ("category_l1_region", "category_l1", 0),
                                ("category_l1_region", "region", 1)):
        rows = frame["level"] == level
        frame.loc[rows, column] = parts[rows].str[part]
    return frame.rename(columns={"ds": "month"})


def _overrides(landing: Path | None, version: str, statistical: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """This version's planner overrides from the landing dir, split into accepted and rejected."""
    files = consensus.override_files(landing) if landing else []
    raw = pd.concat([consensus.read_overrides(path) for path in files], ignore_index=True) if files else None
    if raw is None or raw.empty:
        return pd.DataFrame(), pd.DataFrame()
    raw = raw[raw["forecast_version"] == version]
    if raw.empty:
        return pd.DataFrame(), pd.DataFrame()
    return consensus.validate_overrides(raw, statistical.assign(forecast_version=version))


def _replenishment(con: duckdb.DuckDBPyConnection, version: str, agreed: pd.DataFrame,
                   history: pd.DataFrame) -> pd.DataFrame:
    """Replenishment from the consensus, with inventory, errors and warehouse shares known at the version."""
    month_end = version_month(version) + pd.offsets.MonthEnd(0)
    inventory = replenishment.read_latest_inventory(con, as_of=month_end.date())
    if inventory.empty:
        return pd.DataFrame()
    supply = con.execute(
        "select warehouse_code, sku, lead_time_days, moq, service_level from staging.stg_erp__supply_params").df()
    products = agreed[agreed["level"] == demand.BOTTOM_LEVEL]
    shares = replenishment.warehouse_shares(known_history(demand.warehouse_demand(con), version))
    sigma = replenishment.error_sigma(_past_errors(con, version, history))
    return replenishment.plan_replenishment(version, products, inventory, supply,
                                            sigma=sigma, shares=shares)


def _past_errors(con: duckdb.DuckDBPyConnection, version: str, history: pd.DataFrame) -> pd.DataFrame:
    """Product-level errors of earlier versions on the months closed at `version` (`product_code, error`)."""
    forecasts = con.execute(
        "select forecast_version, product_code, month, sum(yhat) as yhat from sop.consensus_forecast"
        " where level = ? and forecast_version < ? and month <= ? group by all",
        [demand.BOTTOM_LEVEL, version, version_month(version).date()]).df()
    actuals = known_history(history, version).groupby(["product_code", "ds"], as_index=False)["y"].sum()
    paired = forecasts.assign(month=pd.to_datetime(forecasts["month"])).merge(
        actuals.rename(columns={"ds": "month"}), on=["product_code", "month"])
    return paired.assign(error=paired["yhat"] - paired["y"])[["product_code", "error"]]
