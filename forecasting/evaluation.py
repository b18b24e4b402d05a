"""Accuracy of every stored version against the actuals closed so far, refreshed as months close.

Three forecasts are scored per version, level and lag: `statistical` (sop.forecast),
`consensus` (sop.consensus_forecast) and `SeasonalNaive` (rebuilt from the history known at the
version), so `fva_pp` says what the models add over the naive baseline and the consensus rows
say whether planner overrides added value on top.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from forecasting import accuracy, demand, store

_SERIES = "forecast_version, level, unique_id, month, yhat"


def refresh_accuracy(con: duckdb.DuckDBPyConnection, created_at: dt.datetime,
                     history: pd.DataFrame | None = None) -> pd.DataFrame:
    """Score every version that has closed months and rewrite `sop.forecast_accuracy` per version.

    Returns the accuracy rows written (empty when no version has an actual yet).
    """
    store.ensure_sop_schema(con)
    history = demand.bottom_history(con) if history is None else history
    actuals = demand.all_levels(history)
    statistical = con.execute(f"select {_SERIES} from sop.forecast").df().assign(model="statistical")
    agreed = con.execute(f"select {_SERIES} from sop.consensus_forecast").df().assign(model="consensus")
    if statistical.empty:
        return pd.DataFrame()
    horizons = statistical.groupby("forecast_version")["month"].nunique()
    baseline = pd.concat([accuracy.seasonal_naive_forecast(actuals, version, int(horizon))
                          for version, horizon in horizons.items()], ignore_index=True)
    baseline = baseline.merge(statistical[["forecast_version", "unique_id"]].drop_duplicates(),
                              on=["forecast_version", "unique_id"])
    scored = accuracy.accuracy_table(pd.concat([statistical, agreed, baseline], ignore_index=True), actuals)
    for version, rows in scored.groupby("forecast_version"):
        store.write_version(con, str(version), rows, created_at, "forecast_accuracy")
    return scored
