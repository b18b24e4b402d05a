"""Every value format EXTRACTS.md promises parses to the right typed value."""

import datetime as dt
from decimal import Decimal

import duckdb
import pytest

from ingestion.sql_types import install_macros


@pytest.fixture(scope="module")
def sql() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    install_macros(connection, "Asia/Shanghai")
    return connection


def parse(sql: duckdb.DuckDBPyConnection, macro: str, text: str | None):
    return sql.execute(f"select {macro}(?)", [text]).fetchone()[0]


@pytest.mark.parametrize("text", ["1234.5", "1,234.50", "¥1,234.50", "￥1,234.50", "１，２３４.５０", " 1234.50\u3000"])
def test_amount_formats_parse_to_the_same_cents(sql, text):
    assert parse(sql, "so_money", text) == Decimal("1234.50")


@pytest.mark.parametrize("text", ["2026-11-21", "2026/11/21", "20261121", "２０２６-１１-２１", "2026年11月21日"])
def test_date_formats(sql, text):
    assert parse(sql, "so_date", text) == dt.date(2026, 11, 21)


@pytest.mark.parametrize("text, expected", [
    ("2026-11-21 10:20:30", dt.datetime(2026, 11, 21, 10, 20, 30)),
    ("2026-11-21 10:20", dt.datetime(2026, 11, 21, 10, 20)),
    ("2026-11-21T10:20:30", dt.datetime(2026, 11, 21, 10, 20, 30)),
    ("2026/11/21 10:20", dt.datetime(2026, 11, 21, 10, 20)),
    ("2026-11-21T02:20:30Z", dt.datetime(2026, 11, 21, 10, 20, 30)),
    ("2026-11-21 10:20:30+08:00", dt.datetime(2026, 11, 21, 10, 20, 30)),
    ("2026-11-21T10:20+08:00", dt.datetime(2026, 11, 21, 10, 20)),
    ("2026-11-21 02:20:30 +0000", dt.datetime(2026, 11, 21, 10, 20, 30)),
    ("2026-11-20T21:20:30-05:00", dt.datetime(2026, 11, 21, 10, 20, 30)),
])
def test_timestamps_become_business_local_time(sql, text, expected):
    assert parse(sql, "so_ts", text) == expected


@pytest.mark.parametrize("text, expected", [
    ("true", True), ("FALSE", False), ("1", True), ("0", False),
    ("是", True), ("否", False), ("Y", True), ("n", False),
])
def test_boolean_words(sql, text, expected):
    assert parse(sql, "so_bool", text) is expected


@pytest.mark.parametrize("macro, text", [
    ("so_money", "abc"), ("so_money", "1.2.3"), ("so_int", "3.5"), ("so_int", "x"),
    ("so_date", "2026-13-45"), ("so_date", "yesterday"), ("so_ts", "25:00"), ("so_bool", "maybe"),
])
def test_unparseable_values_give_null(sql, macro, text):
    assert parse(sql, macro, text) is None


def test_integers_accept_spreadsheet_forms(sql):
    assert [parse(sql, "so_int", t) for t in ["3", "3.0", "１２", "1,000"]] == [3, 3, 12, 1000]


def test_text_is_trimmed_of_ideographic_and_stray_spaces(sql):
    assert parse(sql, "so_text", "\u3000 上海华联 \u3000") == "上海华联"
    assert parse(sql, "so_text", " \u3000 ") is None


def test_other_timezone_setting_changes_offset_conversion():
    connection = duckdb.connect()
    install_macros(connection, "Europe/Berlin")
    assert parse(connection, "so_ts", "2026-11-21T10:00:00Z") == dt.datetime(2026, 11, 21, 11, 0)
