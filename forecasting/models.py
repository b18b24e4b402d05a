"""The model rosters: which StatsForecast models compete for which kind of series, under which names."""

from __future__ import annotations

from statsforecast.models import (
    ADIDA,
    IMAPA,
    TSB,
    AutoETS,
    CrostonSBA,
    DynamicOptimizedTheta,
    HistoricAverage,
    Naive,
    SeasonalNaive,
    Theta,
)
from statsforecast.utils import ConformalIntervals

BASELINE = "SeasonalNaive"
COMBINATION = "Combination"
COMBINATION_MEMBERS = ("AutoETS", "Theta", "DynamicOptimizedTheta")


def smooth_models(season_length: int) -> list:
    """Models for regular demand; all have native intervals and a `forward`, so CV fits each once.

    The Theta family enters as two fixed members, classic Theta (the M3 winner) and the dynamic
    optimised Theta, rather than AutoTheta's in-sample pick between them. AutoARIMA is not in the
    roster: its seasonal order search took about 88% of the engine's time and, on the M3 monthly
    sample, it was the least accurate of the model-based references (docs/forecasting.md).
    """
    return [
        AutoETS(season_length=season_length),
        Theta(season_length=season_length),
        DynamicOptimizedTheta(season_length=season_length),
        SeasonalNaive(season_length=season_length),
    ]


def intermittent_models(season_length: int, horizon: int, n_windows: int) -> list:
    """Models for sparse demand; those without native intervals get conformal ones from their own CV."""
    conformal = ConformalIntervals(h=horizon, n_windows=n_windows)
    return [
        CrostonSBA(prediction_intervals=conformal),
        ADIDA(prediction_intervals=conformal),
        IMAPA(prediction_intervals=conformal),
        TSB(alpha_d=0.2, alpha_p=0.2, prediction_intervals=conformal),
        SeasonalNaive(season_length=season_length),
    ]


def baseline_model(length: int, season_length: int):
    """Seasonal naive when the series has a full season, naive when it has a few points, else the mean."""
    if length >= season_length:
        return SeasonalNaive(season_length=season_length)
    if length >= 2:
        return Naive()
    return HistoricAverage()


def fallback_model(season_length: int):
    """Used by StatsForecast for any series on which a model raises, so one bad series never fails a batch."""
    return SeasonalNaive(season_length=season_length)


def members_of(candidate: str) -> tuple[str, ...]:
    """The fitted models a chosen candidate needs at forecast time."""
    return COMBINATION_MEMBERS if candidate == COMBINATION else (candidate,)
