import pandas as pd
import pytest

from forecasting.versions import forecast_months, history_cutoff, known_history


def test_history_cutoff_is_the_version_month():
    assert history_cutoff("2026-03") == pd.Timestamp("2026-03-01")


def test_known_history_never_sees_months_after_the_version():
    history = pd.DataFrame({"unique_id": "A", "ds": pd.date_range("2025-10-01", periods=8, freq="MS"), "y": range(8)})
    known = known_history(history, "2026-01")
    assert known["ds"].max() == pd.Timestamp("2026-01-01")
    assert list(known["y"]) == [0, 1, 2, 3]


def test_forecast_months_cover_the_horizon_after_the_version():
    assert forecast_months("2025-11", 3) == [pd.Timestamp("2025-12-01"), pd.Timestamp("2026-01-01"),
                                             pd.Timestamp("2026-02-01")]
    assert len(forecast_months("2025-11")) == 6


@pytest.mark.parametrize("horizon", [2, 7, 0, 4.0])
def test_horizon_outside_3_to_6_is_refused(horizon):
    with pytest.raises(ValueError, match="horizon"):
        forecast_months("2026-01", horizon)


@pytest.mark.parametrize("version", ["2026-13", "2026/01", "26-01", ""])
def test_malformed_version_is_refused(version):
    with pytest.raises(ValueError, match="YYYY-MM"):
        history_cutoff(version)
