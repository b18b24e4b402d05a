"""Scale-out: run the engine on a Dask DataFrame, one shard of whole series per task.

Dask is imported only when this path is used, so the engine itself does not need it.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from forecasting import segments
from forecasting.engine import ForecastResult, forecast
from forecasting.series import prepare


def forecast_dask(history: Any, horizon: int, freq: str | int | None = "MS", **options: Any) -> ForecastResult:
    """Forecast a Dask DataFrame on the active Dask scheduler (e.g. a `distributed.Client`).

    The history is shuffled on `unique_id` so every series sits whole in one partition; each partition is
    prepared and forecast by `forecasting.engine.forecast` in its own task. ABC shares need every
    series' volume, so a first pass gathers small per-series statistics and labels segments once for
    all partitions. The result is collected as pandas: forecasts are horizon rows per series, far
    smaller than the history. Memory per worker is one partition's history and candidates.

    Args:
        history: `dask.dataframe.DataFrame` with `unique_id, ds, y`.
        horizon, freq, options: as for `forecasting.engine.forecast` (not `segment_table`).
    """
    import dask

    shards = history.shuffle(on="unique_id").to_delayed()
    prepared = [dask.delayed(_prepare_shard)(shard, freq) for shard in shards]
    stats = dask.compute(*[dask.delayed(_stats)(shard) for shard in prepared])
    labels = segments.label_segments(pd.concat(stats, ignore_index=True))
    results = dask.compute(*[dask.delayed(_forecast_shard)(shard, horizon, freq, labels, options)
                             for shard in prepared])
    results = [result for result in results if result is not None]
    if not results:
        return forecast(history.head(0, npartitions=-1), horizon, freq=freq, **options)  # raises the input error
    return ForecastResult(
        forecasts=pd.concat([r.forecasts for r in results], ignore_index=True).sort_values(["unique_id", "ds"],
                                                                                           ignore_index=True),
        cv_scores=pd.concat([r.cv_scores for r in results], ignore_index=True),
        warnings=[line for r in results for line in r.warnings],
    )


def _prepare_shard(shard: pd.DataFrame, freq: str | int | None) -> pd.DataFrame | None:
    return prepare(shard, freq) if len(shard) else None


def _stats(shard: pd.DataFrame | None) -> pd.DataFrame:
    return segments.series_stats(shard) if shard is not None else pd.DataFrame(columns=["unique_id", "total",
                                                                                         "mean", "std"])


def _forecast_shard(shard: pd.DataFrame | None, horizon: int, freq: str | int | None, labels: pd.DataFrame,
                    options: dict[str, Any]) -> ForecastResult | None:
    if shard is None:
        return None
    return forecast(shard, horizon, freq=freq, segment_table=labels, **options)
