"""ABC × XYZ segments and the intermittency test, computed per series from its history."""

from __future__ import annotations

import numpy as np
import pandas as pd

# Syntetos–Boylan cut-off: an average interval between demands above 1.32 periods is intermittent.
INTERMITTENT_ADI = 1.32


def series_stats(history: pd.DataFrame) -> pd.DataFrame:
    """Per series `unique_id, total, mean, std`: all that ABC × XYZ needs, small enough to gather from shards."""
    grouped = history.groupby("unique_id", sort=True)["y"]
    return pd.DataFrame({"total": grouped.sum(), "mean": grouped.mean(), "std": grouped.std(ddof=0)}).reset_index()


def abc_xyz(history: pd.DataFrame, abc_cuts: tuple[float, float] = (0.80, 0.95),
            xyz_cuts: tuple[float, float] = (0.5, 1.0)) -> pd.DataFrame:
    """One row per series: `unique_id, abc, xyz, segment` (e.g. "AX"); see `label_segments`."""
    return label_segments(series_stats(history), abc_cuts, xyz_cuts)


def label_segments(stats: pd.DataFrame, abc_cuts: tuple[float, float] = (0.80, 0.95),
                   xyz_cuts: tuple[float, float] = (0.5, 1.0)) -> pd.DataFrame:
    """ABC × XYZ labels from `series_stats` rows.

    ABC ranks series by total volume: a series is A while the share of the series ranked above it is
    below 80%, so the series that crosses the line is still A (and a single dominant series is A);
    B up to 95%, C for the tail. XYZ uses the coefficient of variation (std / mean) of the periods:
    X below 0.5, Y below 1.0, Z otherwise; a series whose mean is zero is Z.
    """
    stats = stats.sort_values("unique_id", ignore_index=True)
    volume = stats["total"].clip(lower=0)
    ranked = volume.sort_values(ascending=False, kind="stable")
    total = ranked.sum()
    share_before = (ranked.cumsum() - ranked) / total if total > 0 else pd.Series(0.0, index=ranked.index)
    abc = pd.Series(np.select([share_before < abc_cuts[0], share_before < abc_cuts[1]], ["A", "B"], "C"),
                    index=ranked.index).reindex(volume.index)
    cv = (stats["std"] / stats["mean"].where(stats["mean"] > 0)).fillna(np.inf)
    xyz = pd.Series(np.select([cv < xyz_cuts[0], cv < xyz_cuts[1]], ["X", "Y"], "Z"), index=cv.index)
    return pd.DataFrame({"unique_id": stats["unique_id"], "abc": abc, "xyz": xyz, "segment": abc + xyz})


def intermittent_ids(history: pd.DataFrame) -> set[str]:
    """Series whose average demand interval (periods per non-zero period) is at least 1.32."""
    nonzero = (history["y"] != 0).groupby(history["unique_id"]).agg(["sum", "size"])
    adi = nonzero["size"] / nonzero["sum"].replace(0, np.nan)
    return set(adi.index[adi.fillna(np.inf) >= INTERMITTENT_ADI])
