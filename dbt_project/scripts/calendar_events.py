"""Write the seed of Chinese holidays and promotions: `python dbt_project/scripts/calendar_events.py`.

Spring Festival moves with the lunar calendar (late January to mid February), so its dates come
from lunardate rather than from a hand-typed table.
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from pathlib import Path

from lunardate import LunarDate

FIRST_YEAR, LAST_YEAR = 2015, 2035
SEED = Path(__file__).parents[1] / "seeds" / "cn_calendar_events.csv"
COLUMNS = ("event_code", "event_name_zh", "event_name_en", "event_kind", "start_date", "end_date")


def spring_festival(year: int) -> dt.date:
    """正月初一 of the lunar year that starts in `year`."""
    return LunarDate(year, 1, 1).to_solar_date()


def events(year: int) -> list[tuple[str, str, str, str, dt.date, dt.date]]:
    new_year = spring_festival(year)
    eve = new_year - dt.timedelta(days=1)
    return [
        ("spring_festival_stockup", "年货节", "Spring Festival stock-up", "season",
         eve - dt.timedelta(days=21), eve - dt.timedelta(days=1)),
        ("spring_festival", "春节", "Spring Festival", "holiday", eve, new_year + dt.timedelta(days=5)),
        ("labour_day", "劳动节", "Labour Day", "holiday", dt.date(year, 5, 1), dt.date(year, 5, 5)),
        ("618", "618 年中大促", "618 mid-year sale", "promotion", dt.date(year, 6, 1), dt.date(year, 6, 18)),
        ("national_day", "国庆节", "National Day golden week", "holiday", dt.date(year, 10, 1), dt.date(year, 10, 7)),
        ("double_11", "双十一", "Double 11 (Singles' Day)", "promotion", dt.date(year, 11, 1), dt.date(year, 11, 11)),
        ("double_12", "双十二", "Double 12", "promotion", dt.date(year, 12, 8), dt.date(year, 12, 12)),
    ]


def write(path: Path = SEED) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            for code, zh, en, kind, start, end in events(year):
                writer.writerow((f"{code}_{year}", zh, en, kind, start.isoformat(), end.isoformat()))


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else SEED)
