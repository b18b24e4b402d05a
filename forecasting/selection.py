"""Rolling-origin cross-validation per series, and the choice of one candidate per series from it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd
from statsforecast import StatsForecast

from forecasting import models
from forecasting.progress import ProgressCallback, StageProgress

SMOOTH, INTERMITTENT, BASELINE = "smooth", "intermittent", "baseline"
CHUNK_SERIES = 1000  # series per StatsForecast call, so progress moves at least every few minutes


@dataclass(frozen=True)
class Plan:
    """Per-series roster and CV layout: `unique_id, n, roster, windows, step`; baseline rows have 0 windows."""

    table: pd.DataFrame


def plan(lengths: pd.Series, sparse: set[str], all_zero: set[str], horizon: int, season_length: int,
         n_windows: int) -> Plan:
    """Give each series as many CV windows (up to `n_windows`) and as large a step (up to `horizon`) as fit.

    The first CV origin must leave a training part long enough for the roster: one season plus two
    periods for smooth series, two horizons plus one for sparse ones (their conformal intervals need
    it). Steps are rounded down to a few values so that series share StatsForecast calls. A series
    that cannot hold one window goes to the baseline, unless it is smooth and holds a season plus two
    periods: then it is fitted without CV (0 windows) and gets the default combination. A series with
    no demand at all goes to the baseline.
    """
    table = pd.DataFrame({"unique_id": lengths.index, "n": lengths.to_numpy()})
    is_sparse = table["unique_id"].isin(sparse)
    table["roster"] = np.where(is_sparse, INTERMITTENT, SMOOTH)
    min_train = np.where(is_sparse, 2 * horizon + 1, season_length + 2)
    budget = table["n"].to_numpy() - min_train  # periods available for CV test windows
    windows = np.clip(budget - horizon + 1, 0, n_windows)
    raw_step = np.where(windows > 1, (budget - horizon) // np.maximum(windows - 1, 1), horizon)
    menu = np.array(sorted({1, max(1, horizon // 4), max(1, horizon // 2), horizon}))
    step = menu[np.searchsorted(menu, np.minimum(raw_step, horizon), side="right") - 1]
    # too short for a CV window: smooth series long enough to fit still get the default combination
    # (no choice to make without CV); sparse and very short ones get the baseline
    no_window = budget < horizon
    fit_only = no_window & ~is_sparse.to_numpy() & (table["n"].to_numpy() >= season_length + 2)
    baseline = (no_window & ~fit_only) | table["unique_id"].isin(all_zero).to_numpy()
    table["roster"] = np.where(baseline, BASELINE, table["roster"])
    table["windows"] = np.where(baseline | fit_only, 0, windows)
    table["step"] = np.where(baseline | fit_only, 0, step)
    return Plan(table)


def chunks(ids: list[str]) -> Iterator[list[str]]:
    """`ids` in slices of `CHUNK_SERIES`: series are independent, so slicing changes no result."""
    for start in range(0, len(ids), CHUNK_SERIES):
        yield ids[start:start + CHUNK_SERIES]


def cross_validate(history: pd.DataFrame, plan_: Plan, horizon: int, season_length: int, freq: str | int,
                   n_jobs: int, on_progress: ProgressCallback | None = None) -> pd.DataFrame:
    """Mean absolute error per series and candidate over all CV windows: `unique_id, model, mae`.

    Smooth models are fitted once at the first origin and rolled forward (`refit=False`); the
    combination is scored from its members' CV forecasts, so it costs nothing extra.
    """
    scores = []
    to_validate = plan_.table[(plan_.table["roster"] != BASELINE) & (plan_.table["windows"] > 0)]
    progress = StageProgress("cross_validation", len(to_validate), on_progress)
    for (roster, windows, step), group in to_validate.groupby(["roster", "windows", "step"]):
        for ids in chunks(list(group["unique_id"])):
            scores.append(_cv_scores(history[history["unique_id"].isin(ids)], roster, int(windows), int(step),
                                     horizon, season_length, freq, n_jobs))
            progress.advance(len(ids))
    if not scores:
        return pd.DataFrame({"unique_id": pd.Series(dtype=str), "model": pd.Series(dtype=str),
                             "mae": pd.Series(dtype=float)})
    return pd.concat(scores, ignore_index=True)


def _cv_scores(subset: pd.DataFrame, roster: str, windows: int, step: int, horizon: int, season_length: int,
               freq: str | int, n_jobs: int) -> pd.DataFrame:
    """CV error of every candidate of `roster` for the series in `subset` (one StatsForecast call)."""
    if roster == SMOOTH:
        roster_models, refit = models.smooth_models(season_length), False
    else:
        roster_models, refit = models.intermittent_models(season_length, horizon, 2), True
    engine = StatsForecast(models=roster_models, freq=freq, n_jobs=n_jobs,
                           fallback_model=models.fallback_model(season_length))
    cv = engine.cross_validation(df=subset, h=horizon, n_windows=windows, step_size=step, refit=refit)
    names = [repr(m) for m in roster_models]
    if roster == SMOOTH:
        cv[models.COMBINATION] = cv[list(models.COMBINATION_MEMBERS)].mean(axis=1)
        names.append(models.COMBINATION)
    errors = cv[names].sub(cv["y"], axis=0).abs()
    errors["unique_id"] = cv["unique_id"].to_numpy()
    return (errors.groupby("unique_id").mean().reset_index()
            .melt(id_vars="unique_id", var_name="model", value_name="mae"))


def choose(cv_scores: pd.DataFrame, combination_margin: float) -> pd.Series:
    """The chosen candidate per series (index `unique_id`).

    The lowest CV error wins, except that the combination is kept unless a single model beats it by
    more than `combination_margin` (relative): with three or fewer windows a small CV lead is mostly
    noise, and combinations are the safer bet out of sample. A model whose CV error is missing or
    not finite never wins; if none is finite the seasonal-naive baseline is chosen.
    """
    if cv_scores.empty:
        return pd.Series(dtype=str)
    wide = cv_scores.pivot(index="unique_id", columns="model", values="mae")
    wide = wide.where(np.isfinite(wide), np.inf)
    best = wide.idxmin(axis=1)
    best = best.where(np.isfinite(wide.min(axis=1)), models.BASELINE)
    if models.COMBINATION in wide.columns:
        combination = wide[models.COMBINATION]
        best_single = wide.drop(columns=models.COMBINATION).min(axis=1)
        keep = np.isfinite(combination) & (best_single >= (1 - combination_margin) * combination)
        best = best.where(~keep, models.COMBINATION)
    return best
