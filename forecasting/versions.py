"""The monthly S&OP cycle: which months a forecast version may see and which it covers.

A version is named for the cycle month `YYYY-MM` whose close it follows: version 2026-03 is
made after the March close, sees actuals up to and including March, and covers April onwards.
Filtering history by the version is what makes a backfilled version an honest backtest.
"""

from __future__ import annotations

import re

import pandas as pd

MIN_HORIZON = 3
MAX_HORIZON = 6
DEFAULT_HORIZON = 6

_VERSION_PATTERN = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def version_month(version: str) -> pd.Timestamp:
    """The cycle month of a version as a month-start timestamp.

    Raises:
        ValueError: when the version is not written `YYYY-MM`.
    """
    match = _VERSION_PATTERN.match(str(version))
    if not match:
        raise ValueError(f"预测版本格式应为 YYYY-MM / forecast version must be written YYYY-MM, got {version!r}")
    return pd.Timestamp(year=int(match[1]), month=int(match[2]), day=1)


def check_horizon(horizon: int) -> int:
    """Return the horizon when it is a whole number of months in 3..6, else raise ValueError."""
    if isinstance(horizon, bool) or not isinstance(horizon, int) or not MIN_HORIZON <= horizon <= MAX_HORIZON:
        raise ValueError(
            f"预测期数应为 {MIN_HORIZON} 到 {MAX_HORIZON} 个月 / horizon must be {MIN_HORIZON} to {MAX_HORIZON} "
            f"months, got {horizon!r}"
        )
    return horizon


def history_cutoff(version: str) -> pd.Timestamp:
    """Last month of actuals the version may see: the cycle month itself (its close is done)."""
    return version_month(version)


def known_history(history: pd.DataFrame, version: str) -> pd.DataFrame:
    """Rows of a long demand history (`unique_id, ds, y`) that were known when the version was made.

    `ds` holds month-start timestamps; rows after the cutoff are dropped so a backfilled version
    never sees the future. The index is reset; the input is not modified.
    """
    cutoff = history_cutoff(version)
    return history.loc[pd.to_datetime(history["ds"]) <= cutoff].reset_index(drop=True)


def forecast_months(version: str, horizon: int = DEFAULT_HORIZON) -> list[pd.Timestamp]:
    """The month-start timestamps the version covers: the `horizon` months after the cycle month."""
    start = version_month(version)
    return [start + pd.DateOffset(months=step) for step in range(1, check_horizon(horizon) + 1)]


def month_index(months: pd.Series | pd.Timestamp | str) -> pd.Series | int:
    """Months since year 0 (`year * 12 + month`), so that month differences are plain subtraction."""
    if isinstance(months, pd.Series):
        months = pd.to_datetime(months)
        return months.dt.year * 12 + months.dt.month
    month = pd.Timestamp(months)
    return month.year * 12 + month.month
