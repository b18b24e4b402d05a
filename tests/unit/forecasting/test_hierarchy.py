"""Bottom-up reconciliation: every aggregate is exactly the sum of its bottom series."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from forecasting.hierarchy import reconcile_bottom_up
from forecasting.series import ForecastInputError


@pytest.fixture
def bottom() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    ids = ["p1@north", "p1@south", "p2@north", "p3@south"]
    ds = pd.date_range("2025-01-01", periods=3, freq="MS")
    frame = pd.DataFrame([(uid, d) for uid in ids for d in ds], columns=["unique_id", "ds"])
    frame["yhat"] = rng.uniform(10, 100, len(frame))
    for level, width in ((80, 5.0), (95, 9.0)):
        frame[f"yhat_lo_{level}"] = frame["yhat"] - width
        frame[f"yhat_hi_{level}"] = frame["yhat"] + width
    return frame


@pytest.fixture
def mapping() -> pd.DataFrame:
    return pd.DataFrame({"unique_id": ["p1@north", "p1@south", "p2@north", "p3@south"],
                         "category_l1": ["food", "food", "food", "drink"],
                         "region": ["north", "south", "north", "south"]})


def test_levels_add_up_exactly(bottom, mapping):
    out = reconcile_bottom_up(bottom, mapping)
    assert set(out["level"]) == {"bottom", "total", "category_l1", "category_l1/region"}
    total = out[out["level"] == "total"].set_index("ds")["yhat"]
    assert np.allclose(total, bottom.groupby("ds")["yhat"].sum())
    categories = out[out["level"] == "category_l1"].groupby("ds")["yhat"].sum()
    cells = out[out["level"] == "category_l1/region"].groupby("ds")["yhat"].sum()
    assert np.allclose(categories, total) and np.allclose(cells, total)
    food_north = out[(out["unique_id"] == "food/north")].set_index("ds")["yhat"]
    expected = bottom[bottom["unique_id"].isin(["p1@north", "p2@north"])].groupby("ds")["yhat"].sum()
    assert np.allclose(food_north, expected)


def test_aggregate_intervals_are_root_sum_of_squares(bottom, mapping):
    out = reconcile_bottom_up(bottom, mapping)
    total = out[out["level"] == "total"]
    assert np.allclose(total["yhat_hi_80"] - total["yhat"], np.sqrt(4 * 5.0**2))
    assert ((total["yhat_lo_95"] <= total["yhat_lo_80"]) & (total["yhat_hi_80"] <= total["yhat_hi_95"])).all()


def test_unmapped_series_is_an_error(bottom, mapping):
    with pytest.raises(ForecastInputError, match="p3@south"):
        reconcile_bottom_up(bottom, mapping.iloc[:3])
