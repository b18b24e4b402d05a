"""The engine: intervals, baseline and fallback, short series, and accuracy against seasonal naive."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from statsforecast.models import AutoETS

from forecasting import models, selection
from forecasting.engine import forecast
from forecasting.progress import StageProgress
from forecasting.series import ForecastInputError

pytestmark = pytest.mark.filterwarnings("ignore")


def _seasonal(n_series: int, length: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frames = []
    for i in range(n_series):
        t = np.arange(length)
        y = (100 + rng.uniform(0.5, 2.0) * t) * (1 + 0.3 * np.sin(2 * np.pi * t / 12)) + rng.normal(0, 4, length)
        frames.append(pd.DataFrame({"unique_id": f"s{i}", "ds": pd.date_range("2019-01-01", periods=length, freq="MS"),
                                    "y": y}))
    return pd.concat(frames, ignore_index=True)


def _sparse(uid: str, length: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    y = rng.binomial(1, 0.25, length) * rng.poisson(6, length)
    return pd.DataFrame({"unique_id": uid, "ds": pd.date_range("2019-01-01", periods=length, freq="MS"), "y": y})


@pytest.fixture(scope="module")
def mixed_result():
    history = pd.concat([_seasonal(3, 48, seed=1), _sparse("sparse", 48, seed=2),
                         _seasonal(1, 10, seed=3).assign(unique_id="short")], ignore_index=True)
    return forecast(history, horizon=6, n_windows=2)


def test_output_columns_and_one_row_per_series_and_period(mixed_result):
    frame = mixed_result.forecasts
    assert list(frame.columns) == ["unique_id", "ds", "model", "segment", "yhat", "yhat_lo_80", "yhat_hi_80",
                                   "yhat_lo_95", "yhat_hi_95"]
    assert frame.groupby("unique_id").size().to_dict() == {"s0": 6, "s1": 6, "s2": 6, "sparse": 6, "short": 6}
    assert frame["segment"].str.fullmatch("[ABC][XYZ]").all()


def test_intervals_are_nested_and_nonnegative(mixed_result):
    f = mixed_result.forecasts
    assert f[["yhat", "yhat_lo_80", "yhat_hi_80", "yhat_lo_95", "yhat_hi_95"]].notna().all().all()
    assert (f["yhat_lo_95"] <= f["yhat_lo_80"]).all() and (f["yhat_lo_80"] <= f["yhat"]).all()
    assert (f["yhat"] <= f["yhat_hi_80"]).all() and (f["yhat_hi_80"] <= f["yhat_hi_95"]).all()
    assert (f["yhat_lo_95"] >= 0).all()
    assert (f["yhat_hi_95"] > f["yhat_lo_95"]).any()


def test_sparse_series_uses_an_intermittent_roster(mixed_result):
    sparse_scores = mixed_result.cv_scores[mixed_result.cv_scores["unique_id"] == "sparse"]
    assert {"CrostonSBA", "ADIDA", "IMAPA", "TSB", "SeasonalNaive"} == set(sparse_scores["model"])


def test_baseline_is_always_a_candidate(mixed_result):
    scored = mixed_result.cv_scores
    for _, models_of_series in scored.groupby("unique_id")["model"]:
        assert "SeasonalNaive" in set(models_of_series)
    assert scored.groupby("unique_id")["selected"].sum().eq(1).all()


def test_short_series_gets_baseline_and_warning(mixed_result):
    short = mixed_result.forecasts[mixed_result.forecasts["unique_id"] == "short"]
    assert set(short["model"]) == {"Naive"}
    assert any(w.startswith("short:") for w in mixed_result.warnings)
    assert "short" not in set(mixed_result.cv_scores["unique_id"])


class _BrokenETS(AutoETS):
    """Raises on every fit, as a model does on a pathological series."""

    def fit(self, y, X=None):
        raise RuntimeError("broken")

    def forecast(self, *args, **kwargs):
        raise RuntimeError("broken")


def test_failing_model_falls_back_without_failing_the_batch(monkeypatch):
    roster = models.smooth_models
    monkeypatch.setattr(models, "smooth_models", lambda season_length: [_BrokenETS(season_length=season_length),
                                                                        *roster(season_length)[1:]])
    result = forecast(_seasonal(2, 40, seed=4), horizon=4, n_windows=2)
    scores = result.cv_scores.pivot(index="unique_id", columns="model", values="mae")
    # the broken model was replaced by the seasonal-naive fallback, so it scores exactly like it
    assert np.allclose(scores["AutoETS"], scores["SeasonalNaive"])
    assert result.forecasts["yhat"].notna().all() and len(result.forecasts) == 8


def test_engine_beats_seasonal_naive_on_trended_seasonal_series():
    data = _seasonal(6, 60, seed=5)
    data["step"] = data.groupby("unique_id").cumcount(ascending=False)
    train, test = data[data["step"] >= 6].drop(columns="step"), data[data["step"] < 6].drop(columns="step")
    engine = forecast(train, horizon=6, n_windows=2).forecasts.merge(test, on=["unique_id", "ds"])
    last_season = train.groupby("unique_id").tail(12).groupby("unique_id").head(6)
    naive = test.assign(f=last_season["y"].to_numpy())
    assert (engine["yhat"] - engine["y"]).abs().mean() < 0.8 * (naive["f"] - naive["y"]).abs().mean()


def test_integer_steps_and_bad_horizon():
    history = _seasonal(1, 40, seed=6).assign(ds=lambda d: np.arange(1, len(d) + 1))
    result = forecast(history, horizon=3, n_windows=2)
    assert result.forecasts["ds"].tolist() == [41, 42, 43]
    with pytest.raises(ForecastInputError, match="horizon"):
        forecast(history, horizon=0)


def test_negative_values_kept_when_not_nonnegative():
    history = _seasonal(1, 40, seed=7).assign(y=lambda d: d["y"] - 1000)
    assert (forecast(history, horizon=3, n_windows=2, nonnegative=False).forecasts["yhat"] < 0).all()


def test_progress_reports_each_stage_to_its_total_and_slicing_changes_no_result(monkeypatch):
    history = pd.concat([_seasonal(5, 40, seed=4), _sparse("sparse", 40, seed=5)], ignore_index=True)
    whole = forecast(history, horizon=3, n_windows=2)
    calls = []
    monkeypatch.setattr(selection, "CHUNK_SERIES", 2)  # six series: three slices per stage at most
    sliced = forecast(history, horizon=3, n_windows=2, on_progress=lambda *call: calls.append(call))
    pd.testing.assert_frame_equal(sliced.forecasts, whole.forecasts)
    stages = [stage for stage, _done, _total in calls]
    assert stages == sorted(stages, key=["cross_validation", "forecast"].index)
    for stage in ("cross_validation", "forecast"):
        done = [d for s, d, _t in calls if s == stage]
        assert done == sorted(done) and len(done) >= 3
        assert done[-1] == calls[stages.index(stage)][2] == 6


def test_progress_is_told_in_steps_of_a_twentieth_and_at_the_end():
    heard = []
    progress = StageProgress("forecast", 100, lambda *call: heard.append(call))
    for _ in range(100):
        progress.advance(1)
    assert [done for _stage, done, _total in heard] == list(range(5, 101, 5))
