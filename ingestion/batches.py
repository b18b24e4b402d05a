"""The common shape every reader produces: Arrow batches of text plus the records it refused."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

import pyarrow as pa

LINE_COLUMN = "_source_line"


@dataclass(frozen=True)
class Malformed:
    """A record whose shape is wrong (too few or too many fields, broken JSON)."""

    line: int
    values: dict[str, str | None]
    detail: str


@dataclass
class Batch:
    """Up to `batch_rows` records as text columns, plus `_source_line`, and malformed records."""

    table: pa.Table
    malformed: list[Malformed] = field(default_factory=list)


def normalise_header(names: Sequence[object]) -> tuple[str, ...]:
    """Header names as the contract spells them: NFKC (full-width to half-width), trimmed, lower case.

    Blank names become `column_<n>` so their values are kept as drift rather than lost.
    """
    header = []
    for position, name in enumerate(names, start=1):
        text = unicodedata.normalize("NFKC", str(name or "")).strip().lower()
        header.append(text or f"column_{position}")
    return tuple(header)


def value_to_text(value: object) -> str | None:
    """Render a typed value (xlsx cell, parquet or SQL value) as the text a CSV export would hold."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format(decimal.Decimal(repr(value)), "f") if value == value else None
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time | decimal.Decimal | int):
        return str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return json.dumps(value, ensure_ascii=False, default=str)


def rows_to_batch(
    header: tuple[str, ...], lines: list[int], rows: list[Sequence[str | None]], malformed: list[Malformed]
) -> Batch:
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in header]
    arrays = [pa.array(col, type=pa.string()) for col in columns]
    arrays.append(pa.array(lines, type=pa.int64()))
    return Batch(pa.Table.from_arrays(arrays, names=[*header, LINE_COLUMN]), malformed)
