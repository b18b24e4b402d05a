"""The sales calendar: history months, the lunar Spring Festival and the promotion peaks.

Chinese consumer sales follow a few dates more than anything else: the Spring Festival
(which moves with the lunar calendar), 618, Double 11, Double 12 and the golden weeks.
Daily weights built here drive every fact generator, so all of them agree on the season.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import numpy as np
from lunardate import LunarDate

HISTORY_MONTHS = 48
ANNUAL_GROWTH = 1.12


def default_end_month(today: dt.date | None = None) -> str:
    """The last full calendar month before `today`, as YYYY-MM."""
    today = today or dt.date.today()
    last = today.replace(day=1) - dt.timedelta(days=1)
    return f"{last.year:04d}-{last.month:02d}"


def history_months(end_month: str, count: int = HISTORY_MONTHS) -> np.ndarray:
    """`count` months (datetime64[M]) ending with `end_month`."""
    end = np.datetime64(end_month, "M")
    return np.arange(end - count + 1, end + 1)


def month_end(month: np.datetime64) -> np.datetime64:
    """The last day (datetime64[D]) of a datetime64[M] month: the cut date of its file."""
    return (month + 1).astype("datetime64[D]") - 1


def month_days(month: np.datetime64) -> np.ndarray:
    """Every day (datetime64[D]) of a month."""
    return np.arange(month.astype("datetime64[D]"), (month + 1).astype("datetime64[D]"))


@cache
def spring_festival(year: int) -> dt.date:
    """Lunar new year's day (正月初一) of a Gregorian year."""
    return LunarDate(year, 1, 1).to_solar_date()


def _in_window(days: np.ndarray, month: int, first: int, last: int) -> np.ndarray:
    months = days.astype("datetime64[M]")
    day_of_month = (days - months.astype("datetime64[D]")).astype(int) + 1
    return (months.astype(int) % 12 + 1 == month) & (day_of_month >= first) & (day_of_month <= last)


def daily_weights(days: np.ndarray, start: np.datetime64, channel: str) -> np.ndarray:
    """Relative expected sales per day for `channel` ("retail" or "b2b").

    Trend: ANNUAL_GROWTH per year from `start`. Retail sells more on weekends and peaks in
    the promotions; B2B customers stock up ahead of them and stop during the holidays.
    """
    days = days.astype("datetime64[D]")
    years = (days - start.astype("datetime64[D]")).astype(float) / 365.25
    weight = ANNUAL_GROWTH**years
    weekday = (days.astype("int64") + 3) % 7  # 0 = Monday
    retail = channel == "retail"
    weight = weight * np.where(weekday >= 5, 1.35 if retail else 0.25, 1.0)
    for year in range(int(str(days.min())[:4]), int(str(days.max())[:4]) + 1):
        festival = np.datetime64(spring_festival(year), "D")
        offset = (days - festival).astype(int)
        weight = np.where((offset >= -21) & (offset < -2), weight * (1.5 if retail else 1.6), weight)
        weight = np.where((offset >= -2) & (offset <= 6), weight * (0.45 if retail else 0.1), weight)
        weight = np.where((offset > 6) & (offset <= 14), weight * (0.8 if retail else 0.6), weight)
    promotions = [  # month, first day, last day, retail factor, b2b factor
        (5, 1, 5, 1.3, 0.4),
        (6, 1, 17, 1.5, 1.1),
        (6, 18, 18, 2.6, 1.0),
        (10, 1, 7, 1.5, 0.3),
        (11, 1, 10, 1.9, 1.2),
        (11, 11, 11, 4.0, 1.0),
        (12, 10, 12, 1.6, 1.0),
        (5, 20, 31, 1.0, 1.3),
        (10, 15, 31, 1.0, 1.35),
    ]
    for month, first, last, retail_factor, b2b_factor in promotions:
        weight = np.where(
            _in_window(days, month, first, last), weight * (retail_factor if retail else b2b_factor), weight
        )
    return weight


def promotion_days(days: np.ndarray) -> np.ndarray:
    """Days of the retail promotions (618, Double 11, Double 12), when most lines carry a discount."""
    return _in_window(days, 6, 1, 18) | _in_window(days, 11, 1, 11) | _in_window(days, 12, 10, 12)


def day_seconds(
    rng: np.random.Generator, size: int, peaks: tuple[float, ...], spread: float, open_hour: float, close_hour: float
) -> np.ndarray:
    """Seconds after midnight, clustered around `peaks` (hours) within opening hours."""
    centre = rng.choice(np.asarray(peaks), size=size)
    hours = rng.normal(centre, spread)
    outside = (hours < open_hour) | (hours >= close_hour)
    hours[outside] = rng.uniform(open_hour, close_hour, int(outside.sum()))
    return (hours * 3600).astype("int64")
