"""The forecasting engine: long history in, one chosen forecast per series with intervals and segment out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from statsforecast import StatsForecast

from forecasting import models, segments, selection
from forecasting.progress import ProgressCallback, StageProgress
from forecasting.series import ForecastInputError, prepare, resolve_freq


@dataclass
class ForecastResult:
    """`forecasts`: one row per series and future period; `cv_scores`: CV error per series and candidate."""

    forecasts: pd.DataFrame
    cv_scores: pd.DataFrame
    warnings: list[str] = field(default_factory=list)


def forecast_columns(levels: Sequence[int]) -> list[str]:
    """Output columns for the given levels, e.g. `yhat_lo_80, yhat_hi_80, yhat_lo_95, yhat_hi_95`."""
    return ["yhat"] + [f"yhat_{side}_{level}" for level in sorted(levels) for side in ("lo", "hi")]


def forecast(history: pd.DataFrame, horizon: int, season_length: int = 12, freq: str | int | None = "MS",
             levels: Sequence[int] = (80, 95), n_windows: int = 3, nonnegative: bool = True, n_jobs: int = 1,
             combination_margin: float = 0.25, segment_table: pd.DataFrame | None = None,
             on_progress: ProgressCallback | None = None) -> ForecastResult:
    """Choose a model per series by rolling-origin CV and forecast `horizon` periods with intervals.

    Regular series compete among AutoETS, classic Theta, dynamic optimised Theta, their mean (the
    combination, kept unless a single model beats it by `combination_margin`) and SeasonalNaive;
    sparse series (average demand interval >= 1.32) among CrostonSBA, ADIDA, IMAPA, TSB and
    SeasonalNaive. Regular series too short for one CV window get the combination and a line in
    `warnings`; sparse series that short, and series with no demand at all, get a baseline
    (seasonal naive, naive or mean).

    Args:
        history: long table `unique_id, ds, y`; see `forecasting.series.prepare` for the rules.
        horizon: periods to forecast, also the length of every CV window.
        season_length: periods per season (12 for monthly data).
        freq: pandas offset alias of `ds`; integer `ds` always uses 1.
        levels: interval levels in percent; intervals are nested in level order.
        n_windows: CV windows per series at most; short series get fewer.
        nonnegative: clip forecasts and bounds at zero (for demand, which cannot be negative).
        n_jobs: processes for StatsForecast. Each process holds a share of the series and all its
            candidates' forecasts, so memory grows with it; 1 (default) or 2 on a small machine.
        combination_margin: relative CV lead a single model needs to replace the combination.
        segment_table: `unique_id, segment` computed over a larger set, when `history` is one shard of it
            (ABC shares are relative to the whole); by default segments come from `history`.
        on_progress: told the stage ("cross_validation", then "forecast"), the series done and the
            series in the stage at each 5% of a stage and at its end (StatsForecast calls take at most
            `selection.CHUNK_SERIES` series, so it moves on long runs).

    Raises:
        ForecastInputError: bad history (see `prepare`) or a horizon / level out of range.
    """
    if horizon < 1:
        raise ForecastInputError(f"预测期数必须为正整数 / horizon must be a positive integer, got {horizon}")
    if not levels or any(not 0 < level < 100 for level in levels):
        raise ForecastInputError(f"区间水平必须在 0 到 100 之间 / levels must be between 0 and 100, got {levels}")
    frame = prepare(history, freq)
    freq = resolve_freq(frame["ds"], freq)
    levels = sorted(int(level) for level in levels)
    lengths = frame.groupby("unique_id", sort=True).size()
    all_zero = set(frame.groupby("unique_id")["y"].apply(lambda y: bool((y == 0).all())).pipe(lambda s: s[s].index))
    plan = selection.plan(lengths, segments.intermittent_ids(frame), all_zero, horizon, season_length, n_windows)
    cv_scores = selection.cross_validate(frame, plan, horizon, season_length, freq, n_jobs, on_progress)
    chosen = selection.choose(cv_scores, combination_margin)
    parts, warnings, progress = [], [], StageProgress("forecast", len(lengths), on_progress)
    for (roster, candidate), ids in _assignments(plan, chosen, season_length).items():
        for chunk in selection.chunks(ids):
            subset = frame[frame["unique_id"].isin(chunk)]
            parts.append(_forecast_candidate(subset, roster, candidate, horizon, season_length, freq, levels,
                                             n_jobs))
            progress.advance(len(chunk))
    for row in plan.table[(plan.table["roster"] == selection.SMOOTH) & (plan.table["windows"] == 0)].itertuples():
        warnings.append(f"{row.unique_id}: 历史太短,无法交叉验证 / only {row.n} periods, too short for "
                        f"cross-validation; 使用默认组合 / default {models.COMBINATION}")
    for row in plan.table[plan.table["roster"] == selection.BASELINE].itertuples():
        reason = "没有需求 / has no demand" if row.unique_id in all_zero else (
            f"历史太短,无法交叉验证 / only {row.n} periods, too short for cross-validation")
        warnings.append(f"{row.unique_id}: {reason}; 使用基线 / baseline "
                        f"{models.baseline_model(row.n, season_length)!r}")
    forecasts = _finish(pd.concat(parts, ignore_index=True), levels, nonnegative)
    labels = segments.abc_xyz(frame) if segment_table is None else segment_table.astype({"unique_id": str})
    forecasts = forecasts.merge(labels[["unique_id", "segment"]], on="unique_id", how="left")
    columns = ["unique_id", "ds", "model", "segment", *forecast_columns(levels)]
    cv_scores = cv_scores.assign(selected=cv_scores["model"].to_numpy() == chosen.reindex(cv_scores["unique_id"])
                                 .to_numpy())
    return ForecastResult(forecasts[columns].sort_values(["unique_id", "ds"], ignore_index=True), cv_scores, warnings)


def _assignments(plan: selection.Plan, chosen: pd.Series, season_length: int) -> dict[tuple[str, str], list[str]]:
    """Group series by (roster, candidate) so that each group needs one StatsForecast call."""
    table = plan.table.set_index("unique_id")
    default = np.where((table["roster"] == selection.SMOOTH) & (table["windows"] == 0), models.COMBINATION,
                       models.BASELINE)
    candidate = chosen.reindex(table.index).fillna(pd.Series(default, index=table.index))
    baseline = table["roster"] == selection.BASELINE
    candidate[baseline] = [repr(models.baseline_model(n, season_length)) for n in table.loc[baseline, "n"]]
    keys = pd.DataFrame({"roster": table["roster"], "candidate": candidate})
    return {key: list(group.index) for key, group in keys.groupby(["roster", "candidate"])}


def _forecast_candidate(subset: pd.DataFrame, roster: str, candidate: str, horizon: int, season_length: int,
                        freq: str | int, levels: list[int], n_jobs: int) -> pd.DataFrame:
    """Fit only the models the candidate needs and return `unique_id, ds, model` plus the value columns."""
    if roster == selection.BASELINE:
        fitted = [models.baseline_model(int(subset.groupby("unique_id").size().min()), season_length)]
    else:
        roster_models = (models.smooth_models(season_length) if roster == selection.SMOOTH
                         else models.intermittent_models(season_length, horizon, 2))
        fitted = [m for m in roster_models if repr(m) in models.members_of(candidate)]
    engine = StatsForecast(models=fitted, freq=freq, n_jobs=n_jobs, fallback_model=models.fallback_model(season_length))
    raw = engine.forecast(df=subset, h=horizon, level=levels)
    names = [repr(m) for m in fitted]
    out = pd.DataFrame({"unique_id": raw["unique_id"].to_numpy(), "ds": raw["ds"].to_numpy(),
                        "model": candidate if roster != selection.BASELINE else names[0]})
    out["yhat"] = raw[names].mean(axis=1).to_numpy()
    for level in levels:
        for side in ("lo", "hi"):
            # Combination bounds: mean of the members' quantiles (quantile averaging). A model that fell
            # back may come without bounds; they stay NaN and `_finish` closes them onto the inner level.
            bounds = raw.reindex(columns=[f"{name}-{side}-{level}" for name in names])
            out[f"yhat_{side}_{level}"] = bounds.mean(axis=1).to_numpy()
    return out


def _finish(forecasts: pd.DataFrame, levels: list[int], nonnegative: bool) -> pd.DataFrame:
    """Make bounds nested around the point forecast (lo_95 <= lo_80 <= yhat <= hi_80 <= hi_95), then clip.

    A bound missing (NaN) takes the next inner value, so the interval is never wider than the model says.
    """
    out = forecasts.copy()
    out["yhat"] = out["yhat"].fillna(0.0)
    lower, upper = out["yhat"].to_numpy(), out["yhat"].to_numpy()
    for level in levels:  # inner to outer
        lower = np.fmin(out[f"yhat_lo_{level}"].fillna(pd.Series(lower, index=out.index)).to_numpy(), lower)
        upper = np.fmax(out[f"yhat_hi_{level}"].fillna(pd.Series(upper, index=out.index)).to_numpy(), upper)
        out[f"yhat_lo_{level}"], out[f"yhat_hi_{level}"] = lower, upper
    if nonnegative:
        value_columns = forecast_columns(levels)
        out[value_columns] = out[value_columns].clip(lower=0)
    return out
