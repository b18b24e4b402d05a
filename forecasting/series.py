"""Validate a long `unique_id, ds, y` table and make every series a gap-free grid the models can trust."""

from __future__ import annotations

import numpy as np
import pandas as pd

REQUIRED_COLUMNS = ("unique_id", "ds", "y")


class ForecastInputError(ValueError):
    """The history cannot be forecast as given; the message says what to fix, in Chinese and English."""


def is_integer_steps(ds: pd.Series) -> bool:
    """True when `ds` counts periods (1, 2, 3, ...) rather than holding dates."""
    return pd.api.types.is_integer_dtype(ds)


def resolve_freq(ds: pd.Series, freq: str | int | None) -> str | int:
    """Integer steps always use freq 1; dates use the given pandas offset alias, "MS" when none is given."""
    if is_integer_steps(ds):
        return 1
    return freq if isinstance(freq, str) else "MS"


def prepare(history: pd.DataFrame, freq: str | int | None = "MS") -> pd.DataFrame:
    """Return a clean copy of `history`: typed, sorted, and with missing periods filled with zero.

    A period missing inside a series (between its first and last row) is a period without demand, so it
    becomes y = 0 rather than a gap. Extra columns are dropped.

    Args:
        history: long table with `unique_id`, `ds` (dates, or integer steps) and numeric `y`.
        freq: pandas offset alias for date `ds` (e.g. "MS"); ignored for integer steps, which use 1.

    Raises:
        ForecastInputError: missing columns, empty table, duplicate (unique_id, ds), non-numeric or
            missing y, unparseable dates, or dates that do not sit on the `freq` grid.
    """
    missing = [c for c in REQUIRED_COLUMNS if c not in history.columns]
    if missing:
        raise ForecastInputError(f"输入缺少列 / input is missing columns: {', '.join(missing)}"
                                 f" (需要 / need: unique_id, ds, y)")
    frame = history.loc[:, list(REQUIRED_COLUMNS)].copy()
    if frame.empty:
        raise ForecastInputError("输入没有数据行 / input has no rows")
    frame["unique_id"] = frame["unique_id"].astype(str)
    frame["y"] = _numeric_y(frame["y"])
    frame["ds"] = _typed_ds(frame["ds"])
    duplicated = frame.duplicated(["unique_id", "ds"], keep=False)
    if duplicated.any():
        sample = frame.loc[duplicated, ["unique_id", "ds"]].head(3).to_dict("records")
        raise ForecastInputError(f"(unique_id, ds) 重复 / duplicate (unique_id, ds): {int(duplicated.sum())} rows,"
                                 f" e.g. {sample}; 请先按期汇总 / aggregate per period first")
    frame = frame.sort_values(["unique_id", "ds"], ignore_index=True)
    return _fill_gaps(frame, resolve_freq(frame["ds"], freq))


def _numeric_y(y: pd.Series) -> pd.Series:
    if pd.api.types.is_bool_dtype(y) or not (pd.api.types.is_numeric_dtype(y) or y.dtype == object):
        raise ForecastInputError(f"y 必须是数值 / y must be numeric, got dtype {y.dtype}")
    numeric = pd.to_numeric(y, errors="coerce")
    bad = numeric.isna() & y.notna()
    if bad.any():
        raise ForecastInputError(f"y 必须是数值 / y must be numeric: {int(bad.sum())} values are not,"
                                 f" e.g. {y[bad].head(3).tolist()}")
    if numeric.isna().any() or not np.isfinite(numeric).all():
        raise ForecastInputError(f"y 有缺失或无穷值 / y has {int((~np.isfinite(numeric)).sum())} missing or infinite"
                                 " values; 缺少的期请直接省略或填 0 / leave missing periods out or write 0")
    return numeric.astype("float64")


def _typed_ds(ds: pd.Series) -> pd.Series:
    if is_integer_steps(ds):
        return ds.astype("int64")
    try:
        return pd.to_datetime(ds)
    except (ValueError, TypeError) as error:
        raise ForecastInputError(f"ds 不是日期或整数期 / ds is neither dates nor integer steps: {error}") from error


def _fill_gaps(frame: pd.DataFrame, freq: str | int) -> pd.DataFrame:
    """Reindex each series onto one global period grid between its own first and last period."""
    if freq == 1:
        positions = frame["ds"].to_numpy() - frame["ds"].min()
        grid = np.arange(frame["ds"].min(), frame["ds"].max() + 1)
    else:
        grid = pd.date_range(frame["ds"].min(), frame["ds"].max(), freq=freq)
        positions = grid.get_indexer(frame["ds"])
        if (positions < 0).any():
            off_grid = frame.loc[positions < 0, "ds"].head(3).dt.strftime("%Y-%m-%d").tolist()
            raise ForecastInputError(f"ds 不在频率 {freq} 的网格上 / ds values are not on the {freq} grid,"
                                     f" e.g. {off_grid}; 请先对齐到期初 / align them to period starts")
    codes, ids = pd.factorize(frame["unique_id"], sort=True)
    first = np.full(len(ids), np.iinfo(np.int64).max)
    last = np.full(len(ids), -1)
    np.minimum.at(first, codes, positions)
    np.maximum.at(last, codes, positions)
    lengths = last - first + 1
    if lengths.sum() == len(frame):
        return frame
    series_code = np.repeat(np.arange(len(ids)), lengths)
    offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    full_positions = np.repeat(first, lengths) + offsets
    y = np.zeros(len(full_positions))
    y[np.cumsum(lengths)[codes] - lengths[codes] + (positions - first[codes])] = frame["y"].to_numpy()
    return pd.DataFrame({"unique_id": ids[series_code], "ds": grid[full_positions], "y": y})
