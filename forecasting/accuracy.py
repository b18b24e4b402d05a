"""Forecast accuracy per version, lag and level, and whether models and planners add value.

Frames are long. Forecasts: `forecast_version, level, unique_id, month, model, yhat` (`lag` is
derived when missing). Actuals: `unique_id, month, y` (`ds` is accepted for `month`) for every
series of every level; they are both the truth to score against and, cut at each version, the
history that scales MASE. Errors are `e = yhat - y`, so positive bias means over-forecast.

The baseline for forecast value added is a model inside the forecast frame (`SeasonalNaive` by
default, which the engine keeps in its roster); `seasonal_naive_forecast` builds it from history
for versions made without it. Model and baseline are compared on the same series and months only.
"""

from __future__ import annotations

import pandas as pd

from forecasting.versions import DEFAULT_HORIZON, forecast_months, known_history, month_index

BASELINE_MODEL = "SeasonalNaive"
SEASON_LENGTH = 12
TRACKING_SIGNAL_LIMIT = 4.0
GROUP = ["forecast_version", "level", "lag", "model"]


def evaluation_rows(forecasts: pd.DataFrame, actuals: pd.DataFrame) -> pd.DataFrame:
    """Forecast rows whose month has an actual, with `y`, `error` and `lag` added."""
    rows = _with_month(forecasts)
    if "lag" not in rows:
        versions = pd.to_datetime(rows["forecast_version"].astype(str) + "-01")
        rows["lag"] = month_index(rows["month"]) - month_index(versions)
    truth = _with_month(actuals)[["unique_id", "month", "y"]]
    rows = rows.merge(truth, on=["unique_id", "month"], how="inner")
    rows["error"] = rows["yhat"] - rows["y"]
    return rows


def naive_scale(history: pd.DataFrame, version: str, season_length: int = SEASON_LENGTH) -> pd.Series:
    """In-sample MAE of the seasonal naive forecast per series, on the history known at `version`.

    Series with fewer than `season_length + 1` known months fall back to the lag-1 naive MAE.
    Only months `season_length` (or 1) apart are paired, so gaps in history are skipped rather
    than filled. Returns NaN for a series with one month, and 0 for a constant series.
    """
    known = known_history(_with_month(history).rename(columns={"month": "ds"}), version)
    known = known.assign(idx=month_index(known["ds"]))

    def mae(step: int) -> pd.Series:
        previous = known[["unique_id", "idx", "y"]].assign(idx=known["idx"] + step)
        paired = known.merge(previous, on=["unique_id", "idx"], suffixes=("", "_prev"))
        return (paired["y"] - paired["y_prev"]).abs().groupby(paired["unique_id"]).mean()

    months_known = known.groupby("unique_id").size()
    seasonal, lag_one = mae(season_length).reindex(months_known.index), mae(1).reindex(months_known.index)
    return seasonal.where(months_known > season_length, lag_one).rename("scale")


def tracking_signals(rows: pd.DataFrame) -> pd.DataFrame:
    """Tracking signal per series after each version, from `evaluation_rows` output.

    For a series, model, level and lag, over its versions in order up to and including version v:
    `TS_v = sum(e) / mean(|e|)` (cumulative error over mean absolute deviation). Fixing the lag
    compares like with like. NaN when every error so far is 0. Adds `tracking_signal`.
    """
    keys = ["level", "model", "lag", "unique_id"]
    ordered = rows.sort_values([*keys, "forecast_version"]).copy()
    ordered["abs_error"] = ordered["error"].abs()
    grouped = ordered.groupby(keys, sort=False)
    mad = grouped["abs_error"].cumsum() / (grouped.cumcount() + 1)
    ordered["tracking_signal"] = grouped["error"].cumsum() / mad.where(mad > 0)
    return ordered


def accuracy_table(forecasts: pd.DataFrame, actuals: pd.DataFrame, baseline_model: str = BASELINE_MODEL,
                   season_length: int = SEASON_LENGTH) -> pd.DataFrame:
    """Accuracy per version, level, lag and model over months with actuals.

    Columns: `n_series, forecast_qty, actual_qty, wape, mape, bias, mase, tracking_signal,
    n_series_ts_alert, fva_pp`. WAPE = Σ|e|/Σ|y|; MAPE = mean |e|/|y| over rows with y ≠ 0
    (NaN when none); bias = (Σf−Σy)/Σy; MASE = mean |e|/scale over series with a positive scale
    (see `naive_scale`); tracking_signal = mean of the series' signals (`tracking_signals`),
    n_series_ts_alert = series with |TS| > 4; fva_pp = 100 × (WAPE of `baseline_model` − WAPE of
    the model) on the rows both cover, positive when the model beats the baseline.
    """
    rows = evaluation_rows(forecasts, actuals)
    scales = pd.concat(
        [naive_scale(actuals, version, season_length).reset_index().assign(forecast_version=version)
         for version in rows["forecast_version"].unique()]
        or [pd.DataFrame(columns=["unique_id", "scale", "forecast_version"])]
    )
    rows = tracking_signals(rows.merge(scales, on=["forecast_version", "unique_id"], how="left"))
    rows["scaled_error"] = (rows["error"].abs() / rows["scale"]).where(rows["scale"] > 0)
    rows["ts_alert"] = rows["tracking_signal"].abs() > TRACKING_SIGNAL_LIMIT
    table = _summarise(rows).join(
        rows.groupby(GROUP).agg(mase=("scaled_error", "mean"), tracking_signal=("tracking_signal", "mean"),
                                n_series_ts_alert=("ts_alert", "sum"))
    )
    fva = value_added(rows, baseline_model)
    return table.join(fva["fva_pp"]).reset_index()


def value_added(rows: pd.DataFrame, baseline_model: str) -> pd.DataFrame:
    """WAPE of each model and of the baseline on the rows both cover, and FVA in percentage points.

    Takes `evaluation_rows` output. Returns one row per version, level, lag and model with
    `wape_model`, `wape_baseline` and `fva_pp = 100 × (wape_baseline − wape_model)`.
    """
    keys = ["forecast_version", "level", "lag", "unique_id", "month"]
    baseline = rows.loc[rows["model"] == baseline_model, [*keys, "error"]]
    paired = rows.merge(baseline, on=keys, suffixes=("", "_baseline"))
    paired = paired.assign(abs_error=paired["error"].abs(), abs_error_baseline=paired["error_baseline"].abs(),
                           abs_y=paired["y"].abs())
    sums = paired.groupby(GROUP)[["abs_error", "abs_error_baseline", "abs_y"]].sum()
    result = pd.DataFrame({"wape_model": _ratio(sums["abs_error"], sums["abs_y"]),
                           "wape_baseline": _ratio(sums["abs_error_baseline"], sums["abs_y"])})
    result["fva_pp"] = 100 * (result["wape_baseline"] - result["wape_model"])
    return result


def seasonal_naive_forecast(history: pd.DataFrame, version: str, horizon: int = DEFAULT_HORIZON) -> pd.DataFrame:
    """Baseline rows (`model = SeasonalNaive`) for a version, from the history known at it.

    Each month repeats the actual 12 months earlier; a series without that month
    repeats its last known actual. Keeps `level` when the history has it.
    """
    known = known_history(_with_month(history).rename(columns={"month": "ds"}), version)
    keys = ["unique_id", "level"] if "level" in known else ["unique_id"]
    last = known.sort_values("ds").groupby(keys, as_index=False).last()
    frames = []
    for month in forecast_months(version, horizon):
        # the horizon (at most 6) is shorter than a season, so the month a season back is always known
        back = month - pd.DateOffset(months=SEASON_LENGTH)
        same_month = known.loc[known["ds"] == back, [*keys, "y"]].rename(columns={"y": "seasonal"})
        rows = last.merge(same_month, on=keys, how="left")
        frames.append(rows.assign(month=month, yhat=rows["seasonal"].fillna(rows["y"]))[[*keys, "month", "yhat"]])
    return pd.concat(frames, ignore_index=True).assign(forecast_version=version, model=BASELINE_MODEL)


def _summarise(rows: pd.DataFrame) -> pd.DataFrame:
    """WAPE, MAPE and bias per version, level, lag and model."""
    rows = rows.assign(abs_error=rows["error"].abs(), abs_y=rows["y"].abs(),
                       ape=(rows["error"].abs() / rows["y"].abs()).where(rows["y"] != 0))
    sums = rows.groupby(GROUP).agg(n_series=("unique_id", "nunique"), forecast_qty=("yhat", "sum"),
                                   actual_qty=("y", "sum"), abs_error=("abs_error", "sum"),
                                   abs_y=("abs_y", "sum"), mape=("ape", "mean"))
    sums["wape"] = _ratio(sums["abs_error"], sums["abs_y"])
    sums["bias"] = _ratio(sums["forecast_qty"] - sums["actual_qty"], sums["actual_qty"])
    return sums[["n_series", "forecast_qty", "actual_qty", "wape", "mape", "bias"]]


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    return numerator / denominator.where(denominator != 0)


def _with_month(frame: pd.DataFrame) -> pd.DataFrame:
    rows = frame.rename(columns={"ds": "month"}) if "month" not in frame else frame.copy()
    rows["month"] = pd.to_datetime(rows["month"])
    return rows
