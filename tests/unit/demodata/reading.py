"""An independent reader and checker for the generated extracts, used to hold the truth to account.

It parses the value formats EXTRACTS.md allows with plain Python, so a truth file that points
at the wrong line, misses a bad row or lists a good one shows up as a difference.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from pathlib import Path

import openpyxl
import pyarrow.parquet as pq

from ingestion.contract import NON_NEGATIVE_AMOUNTS, Column, Entity

INVALID = {"int": "invalid_integer", "dec": "invalid_decimal", "money": "invalid_decimal", "date": "invalid_date",
           "ts": "invalid_timestamp", "bool": "invalid_boolean"}
BOOLS = {"true": True, "1": True, "是": True, "y": True, "false": False, "0": False, "否": False, "n": False}
_TS = re.compile(r"(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)(Z|[+-]\d{2}:\d{2})?")


def decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


def records(path: Path) -> tuple[list[str], list[tuple[int, list[str | None]]]]:
    """Header and (line, values as text) per record, lines numbered as the truth numbers them."""
    suffix = path.suffix
    if suffix == ".csv":
        reader = csv.reader(io.StringIO(decode(path.read_bytes()), newline=""))
        header = next(reader)
        out, start = [], reader.line_num + 1
        for row in reader:
            out.append((start, [v if v != "" else None for v in row]))
            start = reader.line_num + 1
        return header, out
    if suffix == ".jsonl":
        lines = path.read_text(encoding="utf-8").splitlines()
        objects = [json.loads(line) for line in lines]
        header = list(objects[0])
        return header, [(i + 1, [_text(o.get(h)) for h in header]) for i, o in enumerate(objects)]
    if suffix == ".xlsx":
        sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
        header = [str(h) for h in rows[0]]
        padded = [([_text(v) for v in row] + [None] * len(header))[: len(header)] for row in rows[1:]]
        return header, [(i + 2, values) for i, values in enumerate(padded)]
    table = pq.read_table(path)
    rows = table.to_pylist()
    return table.column_names, [(i + 1, [_text(r[h]) for h in table.column_names]) for i, r in enumerate(rows)]


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return str(value)


def clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = unicodedata.normalize("NFKC", text).strip()
    return text or None


def parse(column: Column, text: str | None) -> object:
    """The logical value, None when empty; raises ValueError when the text does not parse."""
    text = clean(text)
    if text is None or column.type == "str":
        return text
    if column.type in ("int", "dec", "money"):
        try:
            number = Decimal(text.replace(",", "").replace("¥", ""))
        except InvalidOperation:
            raise ValueError(text) from None
        if not number.is_finite() or (column.type == "int" and number != number.to_integral_value()):
            raise ValueError(text)
        return number
    if column.type == "date":
        for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d"):
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                pass
        raise ValueError(text)
    if column.type == "ts":
        match = _TS.fullmatch(text)
        if not match:
            raise ValueError(text)
        clock = match[2] if len(match[2]) == 8 else match[2] + ":00"
        local = dt.datetime.fromisoformat(f"{match[1]} {clock}")
        return local + dt.timedelta(hours=8) if match[3] == "Z" else local
    if text.lower() not in BOOLS:
        raise ValueError(text)
    return BOOLS[text.lower()]


def row_rule(entity: Entity, header: list[str], values: list[str | None]) -> tuple[str, str] | None:
    """The first rule a record breaks (malformed, then per column: missing, unparseable, negative)."""
    if len(values) != len(header):
        return "malformed_record", ""
    named = dict(zip(header, values, strict=True))
    for column in entity.columns:
        text = named.get(column.name)
        if column.required and clean(text) is None:
            return "missing_required", column.name
        try:
            value = parse(column, text)
        except ValueError:
            return INVALID[column.type], column.name
        if column.name in NON_NEGATIVE_AMOUNTS and value is not None and value < 0:
            return "negative_amount", column.name
    return None


def expected_bad_rows(entity: Entity, path: Path) -> tuple[set[tuple[int, str, str]], list[tuple[int, dict]]]:
    """Bad (line, rule, column) of one file by re-reading it, plus the loaded rows as parsed dicts."""
    header, rows = records(path)
    bad, passing = set(), []
    for line, values in rows:
        broken = row_rule(entity, header, values)
        if broken:
            bad.add((line, *broken))
        else:
            named = dict(zip(header, values, strict=True))
            passing.append((line, {c.name: parse(c, named.get(c.name)) for c in entity.columns}))
    last_line: dict[tuple, int] = {}
    for line, row in passing:
        last_line[tuple(row[k] for k in entity.key)] = line
    loaded = []
    for line, row in passing:
        if last_line[tuple(row[k] for k in entity.key)] != line:
            bad.add((line, "duplicate_key", ""))
        else:
            loaded.append((line, row))
    return bad, loaded
