"""The holiday seed is what scripts/calendar_events.py writes, with Spring Festival by the lunar calendar."""

import csv
import datetime as dt
import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).parents[3] / "dbt_project" / "scripts" / "calendar_events.py"


def _script():
    spec = importlib.util.spec_from_file_location("calendar_events", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_seed_equals_the_script_output(tmp_path):
    calendar = _script()
    calendar.write(tmp_path / "events.csv")
    assert (tmp_path / "events.csv").read_text() == calendar.SEED.read_text()


def test_spring_festival_moves_between_late_january_and_mid_february():
    with _script().SEED.open(encoding="utf-8") as handle:
        days = {int(r["start_date"][:4]): dt.date.fromisoformat(r["end_date"]) - dt.timedelta(days=5)
                for r in csv.DictReader(handle) if r["event_code"].startswith("spring_festival_2")}
    assert days[2024] == dt.date(2024, 2, 10) and days[2025] == dt.date(2025, 1, 29) and days[2026] == dt.date(2026, 2, 17)
    assert all(dt.date(y, 1, 21) <= d <= dt.date(y, 2, 20) for y, d in days.items())
    assert {d.month for d in days.values()} == {1, 2}
