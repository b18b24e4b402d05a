"""Input preparation: validation errors people can act on, and missing periods as zero demand."""

from __future__ import annotations

import pandas as pd
import pytest

from forecasting.series import ForecastInputError, prepare


def _history(**columns) -> pd.DataFrame:
    base = {"unique_id": ["a", "a", "b"], "ds": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-01-01"]),
            "y": [1.0, 2.0, 3.0]}
    base.update(columns)
    return pd.DataFrame(base)


def test_missing_columns_are_named():
    with pytest.raises(ForecastInputError, match="missing columns: y"):
        prepare(_history().drop(columns="y"))


def test_duplicate_id_and_period_is_rejected():
    history = pd.concat([_history(), _history().head(1)])
    with pytest.raises(ForecastInputError, match="duplicate"):
        prepare(history)


def test_non_numeric_y_is_rejected():
    with pytest.raises(ForecastInputError, match="numeric"):
        prepare(_history(y=["1", "two", "3"]))


def test_numeric_strings_are_accepted():
    assert prepare(_history(y=["1", "2", "3"]))["y"].tolist() == [1.0, 2.0, 3.0]


def test_missing_months_inside_a_series_become_zero():
    history = pd.DataFrame({"unique_id": ["a", "a", "b", "b"],
                            "ds": pd.to_datetime(["2024-01-01", "2024-04-01", "2024-02-01", "2024-03-01"]),
                            "y": [5.0, 7.0, 1.0, 2.0]})
    prepared = prepare(history)
    a = prepared[prepared["unique_id"] == "a"]
    assert a["ds"].dt.month.tolist() == [1, 2, 3, 4]
    assert a["y"].tolist() == [5.0, 0.0, 0.0, 7.0]
    # b is not extended to the global range: periods before its first sale are not zeros
    assert prepared[prepared["unique_id"] == "b"]["y"].tolist() == [1.0, 2.0]


def test_integer_steps_fill_gaps_with_step_one():
    history = pd.DataFrame({"unique_id": ["a", "a"], "ds": [1, 4], "y": [2.0, 3.0]})
    prepared = prepare(history, freq="MS")
    assert prepared["ds"].tolist() == [1, 2, 3, 4]
    assert prepared["y"].tolist() == [2.0, 0.0, 0.0, 3.0]


def test_dates_off_the_frequency_grid_are_rejected():
    with pytest.raises(ForecastInputError, match="grid"):
        prepare(_history(ds=pd.to_datetime(["2024-01-01", "2024-02-15", "2024-01-01"])))
