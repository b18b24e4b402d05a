"""Writing cells to CSV, xlsx, parquet and jsonl, returning where each record starts.

Line numbers are computed from what is written, so the truth can never drift from the file:
CSV counts physical lines (a quoted newline pushes later records down), xlsx counts sheet
rows (header = 1), jsonl counts lines and parquet counts records (both from 1).
"""

from __future__ import annotations

import csv
import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from openpyxl import Workbook

from ingestion.contract import Entity

FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)
_PLAIN_NUMBER = r"-?\d+(\.\d+)?"


def newline_counts(columns: list[np.ndarray], kept: np.ndarray) -> np.ndarray:
    """Embedded newlines per record; `kept[i]` = how many leading fields record i has."""
    counts = np.zeros(len(kept), dtype="int64")
    for position, column in enumerate(columns):
        text = pd.Series(column, dtype=object)
        if not text.str.contains("\n", regex=False, na=False).any():
            continue
        per_row = text.str.count("\n").fillna(0).astype("int64").to_numpy()
        counts += np.where(kept > position, per_row, 0)
    return counts


def write_csv(
    path: Path, header: list[str], columns: list[np.ndarray], kept: np.ndarray, encoding: str, line_end: str
) -> np.ndarray:
    """Write an RFC 4180 CSV; records with kept < len(header) are malformed (too few fields)."""
    short = {int(i): int(kept[i]) for i in np.flatnonzero(kept < len(header))}
    rows = zip(*[c.tolist() for c in columns], strict=True)
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, lineterminator=line_end)
        writer.writerow(header)
        writer.writerows(row[: short[i]] if i in short else row for i, row in enumerate(rows))
    extra = newline_counts(columns, kept)
    return 2 + np.concatenate([[0], np.cumsum(1 + extra)[:-1]]).astype("int64")


def write_jsonl(path: Path, header: list[str], columns: list[np.ndarray]) -> np.ndarray:
    lines = [
        json.dumps(dict(zip(header, row, strict=False)), ensure_ascii=False, default=str)
        for row in zip(*[c.tolist() for c in columns], strict=False)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return np.arange(1, len(lines) + 1)


def write_xlsx(path: Path, entity: Entity, columns: list[np.ndarray]) -> np.ndarray:
    """First sheet, header in row 1; plain numbers in numeric columns become number cells."""
    cells = []
    for column, values in zip(entity.columns, columns, strict=False):
        values = values.copy()
        if column.type in ("int", "dec", "money"):
            text = pd.Series(values, dtype=object)
            plain = text.map(lambda v: isinstance(v, str) and re.fullmatch(_PLAIN_NUMBER, v) is not None).to_numpy()
            cast = int if column.type == "int" else float
            values[plain] = [cast(v) if column.type == "int" or "." in v else int(v) for v in values[plain]]
        cells.append(values.tolist())
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(entity.name)
    sheet.append([c.name for c in entity.columns])
    for row in zip(*cells, strict=False):
        sheet.append(list(row))
    workbook.save(path)
    _freeze_zip(path)
    return np.arange(2, len(cells[0]) + 2)


def _freeze_zip(path: Path) -> None:
    """Rewrite the xlsx with fixed entry times and document dates, so reruns are identical."""
    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>2020-01-01T00:00:00Z", data)
            target.writestr(zipfile.ZipInfo(name, FIXED_ZIP_TIME), data, zipfile.ZIP_DEFLATED)


def write_parquet(path: Path, entity: Entity, columns: list[np.ndarray], typed: bool) -> np.ndarray:
    """Parquet with natural types (decimals, dates, naive Asia/Shanghai timestamps) or strings."""
    arrays = [
        _arrow(values, column.type if typed else "str") for column, values in zip(entity.columns, columns, strict=False)
    ]
    table = pa.Table.from_arrays(arrays, names=[c.name for c in entity.columns])
    pq.write_table(table, path, compression="snappy")
    return np.arange(1, len(columns[0]) + 1)


def _arrow(values: np.ndarray, column_type: str) -> pa.Array:
    items = values.tolist()
    if column_type == "int":
        return pa.array(items, pa.int64())
    if column_type in ("dec", "money"):
        places = 2 if column_type == "money" else 4
        return pa.array([None if v is None else Decimal(f"{v:.{places}f}") for v in items], pa.decimal128(18, places))
    if column_type in ("date", "ts"):
        unit = "datetime64[D]" if column_type == "date" else "datetime64[s]"
        stamps = np.array([np.datetime64("NaT") if v is None else v for v in items], dtype=unit)
        return pa.array(stamps, pa.date32() if column_type == "date" else pa.timestamp("s"), from_pandas=True)
    if column_type == "bool":
        return pa.array(items, pa.bool_())
    return pa.array([None if v is None else str(v) for v in items], pa.string())
