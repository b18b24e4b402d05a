import math

import pandas as pd
import pytest

from forecasting.accuracy import (
    accuracy_table,
    evaluation_rows,
    naive_scale,
    seasonal_naive_forecast,
    tracking_signals,
)

FEB = pd.Timestamp("2026-02-01")


def history() -> pd.DataFrame:
    """A: 13 months to 2026-01 (6 in 2025-01, 10 in 2026-01, else 8); B: 3 months; both with Feb actuals."""
    a = pd.DataFrame({"unique_id": "A", "ds": pd.date_range("2025-01-01", "2026-02-01", freq="MS"), "y": 8.0})
    a.loc[a["ds"] == "2025-01-01", "y"] = 6.0
    a.loc[a["ds"] == "2026-01-01", "y"] = 10.0
    b = pd.DataFrame({"unique_id": "B", "ds": pd.date_range("2025-11-01", "2026-02-01", freq="MS"),
                      "y": [20.0, 26.0, 23.0, 25.0]})
    return pd.concat([a, b], ignore_index=True)


def forecasts(model: str, a: float, b: float, version: str = "2026-01", month=FEB) -> pd.DataFrame:
    return pd.DataFrame({"forecast_version": version, "level": "product_region", "unique_id": ["A", "B"],
                         "month": month, "model": model, "yhat": [a, b]})


def test_metrics_match_the_hand_computed_values():
    # AutoETS f=[10, 20] vs y=[8, 25]: errors +2, -5
    table = accuracy_table(pd.concat([forecasts("AutoETS", 10, 20), forecasts("SeasonalNaive", 12, 20)]), history())
    row = table.set_index("model").loc["AutoETS"]
    assert row["lag"] == 1 and row["n_series"] == 2
    assert row["wape"] == pytest.approx((2 + 5) / 33)
    assert row["mape"] == pytest.approx((2 / 8 + 5 / 25) / 2)  # 0.225
    assert row["bias"] == pytest.approx((30 - 33) / 33)
    # MASE: A has 13 known months -> seasonal scale |10 - 6| = 4; B has 3 -> lag-1 scale mean(6, 3) = 4.5
    assert row["mase"] == pytest.approx((2 / 4 + 5 / 4.5) / 2)
    # baseline f=[12, 20]: errors 4, 5 -> WAPE 9/33; FVA = 100 * (9/33 - 7/33) > 0: the model adds value
    assert row["fva_pp"] == pytest.approx(100 * 2 / 33)
    assert table.set_index("model").loc["SeasonalNaive", "fva_pp"] == 0


def test_model_worse_than_baseline_has_negative_fva():
    table = accuracy_table(pd.concat([forecasts("AutoETS", 4, 30), forecasts("SeasonalNaive", 8, 25)]), history())
    assert table.set_index("model").loc["AutoETS", "fva_pp"] == pytest.approx(-100 * (4 + 5) / 33)


def test_mape_skips_zero_actuals_and_is_nan_without_any():
    actuals = pd.DataFrame({"unique_id": ["A", "B"], "ds": FEB, "y": [8.0, 0.0]})
    row = accuracy_table(forecasts("AutoETS", 10, 3), actuals).iloc[0]
    assert row["mape"] == pytest.approx(2 / 8)  # B (y = 0) left out
    assert row["wape"] == pytest.approx((2 + 3) / 8)
    zeros = accuracy_table(forecasts("AutoETS", 10, 3), actuals.assign(y=0.0)).iloc[0]
    assert math.isnan(zeros["mape"]) and math.isnan(zeros["wape"]) and math.isnan(zeros["bias"])


def test_mase_scale_uses_only_history_known_at_the_version():
    # if Feb 2026 (8, vs 8 a year before) leaked in, A's scale would be mean(4, 0) = 2
    assert naive_scale(history(), "2026-01").to_dict() == {"A": 4.0, "B": 4.5}
    assert naive_scale(history(), "2025-12")["B"] == 6.0  # only Nov -> Dec is known


def test_tracking_signal_is_cumulative_error_over_mean_absolute_error():
    actuals = pd.DataFrame({"unique_id": "A", "ds": pd.date_range("2026-02-01", periods=3, freq="MS"), "y": 10.0})
    rows = pd.concat([
        forecasts("AutoETS", 12, 0, "2026-01", "2026-02-01").iloc[:1],  # e = +2 -> TS 2/2 = 1
        forecasts("AutoETS", 14, 0, "2026-02", "2026-03-01").iloc[:1],  # e = +4 -> TS 6/3 = 2
        forecasts("AutoETS", 7, 0, "2026-03", "2026-04-01").iloc[:1],  # e = -3 -> TS 3/3 = 1
    ])
    signals = tracking_signals(evaluation_rows(rows, actuals))
    assert list(signals["tracking_signal"]) == pytest.approx([1.0, 2.0, 1.0])


def test_seasonal_naive_baseline_repeats_last_year_or_the_last_known_value():
    baseline = seasonal_naive_forecast(history(), "2026-01", horizon=3)
    a = baseline.loc[baseline["unique_id"] == "A"].set_index("month")["yhat"]
    assert a.to_dict() == {FEB: 8.0, pd.Timestamp("2026-03-01"): 8.0, pd.Timestamp("2026-04-01"): 8.0}
    assert set(baseline.loc[baseline["unique_id"] == "B", "yhat"]) == {23.0}  # no history a year back
    assert set(baseline["model"]) == {"SeasonalNaive"} and set(baseline["forecast_version"]) == {"2026-01"}
