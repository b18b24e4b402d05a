"""Coherent forecasts for the planning hierarchy (total, category, category × region) by bottom-up sums."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from forecasting.series import ForecastInputError

AGGREGATE_LEVELS = (("total", ()), ("category_l1", ("category_l1",)),
                    ("category_l1/region", ("category_l1", "region")))


def reconcile_bottom_up(forecasts: pd.DataFrame, mapping: pd.DataFrame, levels: Sequence[int] = (80, 95),
                        nonnegative: bool = True) -> pd.DataFrame:
    """Forecasts for every level of the hierarchy, each aggregate the exact sum of its bottom series.

    Point forecasts add up exactly: an aggregate's `yhat` is the sum of its bottom `yhat`. Interval
    bounds cannot be summed (that assumes every bottom error moves together and gives far too wide
    intervals), so each aggregate bound is `yhat` minus / plus the root sum of squares of the bottom
    half-widths on that side: the normal approximation for independent bottom errors. Bottom rows are
    returned unchanged.

    Args:
        forecasts: bottom-level engine output: `unique_id, ds, yhat, yhat_lo_<l>, yhat_hi_<l>`.
        mapping: one row per bottom `unique_id` with its `category_l1` and `region`.
        levels: the interval levels present in `forecasts`.
        nonnegative: clip aggregate lower bounds at zero.

    Returns:
        `level, unique_id, ds, yhat, yhat_lo_<l>, yhat_hi_<l>`; `level` is "total", "category_l1",
        "category_l1/region" or "bottom", and aggregate ids are "total", "<category>" and "<category>/<region>".
    """
    bounds = [f"yhat_{side}_{level}" for level in sorted(levels) for side in ("lo", "hi")]
    missing = [c for c in ("unique_id", "ds", "yhat", *bounds) if c not in forecasts.columns]
    missing += [f"mapping.{c}" for c in ("unique_id", "category_l1", "region") if c not in mapping.columns]
    if missing:
        raise ForecastInputError(f"层级汇总缺少列 / reconciliation is missing columns: {', '.join(missing)}")
    if mapping["unique_id"].duplicated().any():
        raise ForecastInputError("映射中 unique_id 重复 / mapping has duplicate unique_id rows")
    bottom = forecasts[["unique_id", "ds", "yhat", *bounds]].merge(
        mapping[["unique_id", "category_l1", "region"]].astype({"unique_id": str}), on="unique_id", how="left")
    unmapped = bottom.loc[bottom["category_l1"].isna(), "unique_id"].unique()
    if len(unmapped):
        raise ForecastInputError(f"映射缺少这些序列 / mapping lacks these series: {', '.join(map(str, unmapped[:5]))}")
    for level in levels:  # squared half-widths aggregate; bounds are rebuilt from them below
        bottom[f"_lo_{level}"] = (bottom["yhat"] - bottom[f"yhat_lo_{level}"]) ** 2
        bottom[f"_hi_{level}"] = (bottom[f"yhat_hi_{level}"] - bottom["yhat"]) ** 2
    squares = [c for c in bottom.columns if c.startswith("_")]
    frames = [bottom[["unique_id", "ds", "yhat", *bounds]].assign(level="bottom")]
    for name, keys in AGGREGATE_LEVELS:
        summed = bottom.groupby([*keys, "ds"], sort=True)[["yhat", *squares]].sum().reset_index()
        summed["unique_id"] = summed[list(keys)].astype(str).agg("/".join, axis=1) if keys else "total"
        for level in levels:
            summed[f"yhat_lo_{level}"] = summed["yhat"] - np.sqrt(summed[f"_lo_{level}"])
            summed[f"yhat_hi_{level}"] = summed["yhat"] + np.sqrt(summed[f"_hi_{level}"])
        if nonnegative:
            summed[bounds] = summed[bounds].clip(lower=0)
        frames.append(summed[["unique_id", "ds", "yhat", *bounds]].assign(level=name))
    return pd.concat(frames, ignore_index=True)[["level", "unique_id", "ds", "yhat", *bounds]]
