"""The Dask path gives the same forecasts as the in-process engine, on a local two-worker cluster."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

dd = pytest.importorskip("dask.dataframe", reason="dask is not installed: the scale-out path is optional")
distributed = pytest.importorskip("distributed", reason="dask.distributed is not installed")

from forecasting.distributed import forecast_dask  # noqa: E402
from forecasting.engine import forecast  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore")


def _history() -> pd.DataFrame:
    rng = np.random.default_rng(11)
    frames = []
    for i in range(6):
        y = 40 + 8 * np.sin(2 * np.pi * np.arange(36) / 12) + rng.normal(0, 2, 36) + (i % 3) * 100
        frames.append(pd.DataFrame({"unique_id": f"s{i}", "ds": pd.date_range("2022-01-01", periods=36, freq="MS"),
                                    "y": y}))
    return pd.concat(frames, ignore_index=True)


def test_dask_path_matches_the_engine():
    history = _history()
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster):
        result = forecast_dask(dd.from_pandas(history, npartitions=3), horizon=3, n_windows=2)
    local = forecast(history, horizon=3, n_windows=2)
    pd.testing.assert_frame_equal(result.forecasts, local.forecasts)
    assert result.forecasts["unique_id"].nunique() == 6
