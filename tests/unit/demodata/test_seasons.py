"""The sales calendar: Spring Festival from the lunar calendar, and the data follows the season."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import numpy as np
from lunardate import LunarDate

from demodata import seasons
from ingestion.contract import entity
from tests.unit.demodata.reading import expected_bad_rows


def test_spring_festival_is_lunar_new_year():
    assert seasons.spring_festival(2024) == dt.date(2024, 2, 10)
    assert seasons.spring_festival(2025) == dt.date(2025, 1, 29)
    assert seasons.spring_festival(2026) == dt.date(2026, 2, 17)
    for year in range(2000, 2041):
        festival = seasons.spring_festival(year)
        assert LunarDate.from_solar_date(festival.year, festival.month, festival.day) == LunarDate(year, 1, 1)
        assert dt.date(year, 1, 21) <= festival <= dt.date(year, 2, 20)


def _mean(weights, days, first, last):
    return weights[(days >= np.datetime64(first)) & (days <= np.datetime64(last))].mean()


def test_retail_weights_spike_before_the_festival_dip_in_it_and_peak_on_double_11():
    start = np.datetime64("2024-01-01")
    days = np.arange(start, np.datetime64("2025-01-01"))
    weights = seasons.daily_weights(days, start, "retail")
    festival = np.datetime64(seasons.spring_festival(2024))
    before = _mean(weights, days, festival - 21, festival - 3)
    during = _mean(weights, days, festival - 2, festival + 6)
    assert before > 2.5 * during
    assert weights[days == np.datetime64("2024-11-11")][0] == weights.max()
    assert _mean(weights, days, "2024-06-01", "2024-06-18") > 1.3 * _mean(weights, days, "2024-07-01", "2024-07-31")


def test_b2b_stops_in_the_golden_week_and_grows_year_on_year():
    start = np.datetime64("2023-01-01")
    days = np.arange(start, np.datetime64("2025-12-31"))
    weights = seasons.daily_weights(days, start, "b2b")
    assert _mean(weights, days, "2024-10-01", "2024-10-07") < 0.5 * _mean(weights, days, "2024-09-09", "2024-09-27")
    growth = _mean(weights, days, "2024-01-01", "2024-12-31") / _mean(weights, days, "2023-01-01", "2023-12-31")
    assert 1.08 < growth < 1.16


def test_pos_lines_fall_in_festival_week_after_the_stock_up_weeks(demo):
    per_day = Counter()
    transactions = entity("pos", "transactions")
    for path in (demo["landing"] / "pos" / "transactions").iterdir():
        if path.stem.endswith("_2"):
            continue
        for _, row in expected_bad_rows(transactions, path)[1]:
            per_day[row["sold_at"].date()] += 1
    for year in (2023, 2024, 2025, 2026):
        festival = seasons.spring_festival(year)
        before = sum(per_day[festival + dt.timedelta(d)] for d in range(-21, -2)) / 19
        during = sum(per_day[festival + dt.timedelta(d)] for d in range(-2, 7)) / 9
        assert before > 1.8 * during, year
