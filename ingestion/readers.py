"""Streaming readers for the four extract formats, each yielding bounded batches of text.

Line numbers are what a person sees when opening the file: CSV and xlsx count the header as
line 1 (a CSV record starts on the physical line where it begins); jsonl and parquet count the
first record as 1.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ingestion.batches import (
    LINE_COLUMN,
    Batch,
    Malformed,
    normalise_header,
    rows_to_batch,
    value_to_text,
)
from ingestion.errors import FileRejected
from ingestion.sniff import FileFacts

csv.field_size_limit(64 * 1024 * 1024)


class Extract:
    """An opened extract: `header` is known at once, `batches()` streams the records."""

    header: tuple[str, ...]

    def batches(self) -> Iterator[Batch]:
        raise NotImplementedError

    def close(self) -> None:
        """Release the file handle; readers that hold none need not override it."""

    def __enter__(self) -> Extract:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _check_unique(header: tuple[str, ...]) -> tuple[str, ...]:
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise FileRejected("file_unreadable", f"表头列名重复 / duplicate column in header: {name}")
        seen.add(name)
    return header


def _as_dict(header: tuple[str, ...], values: list[str]) -> dict[str, str | None]:
    named = dict(zip(header, values, strict=False))
    for position, value in enumerate(values[len(header):], start=len(header) + 1):
        named[f"column_{position}"] = value
    return named


class CsvExtract(Extract):
    def __init__(self, path: Path, facts: FileFacts, batch_rows: int):
        if facts.odd_quote_count:
            raise FileRejected(
                "file_truncated",
                "引号未闭合，文件被截断，请重新交付 / an unclosed quote: the file is cut off, re-deliver it",
            )
        self._facts = facts
        self._batch_rows = batch_rows
        self._file = path.open(encoding=facts.encoding, newline="")
        self._reader = csv.reader(self._file)
        try:
            first = next(r for r in self._reader if r)
        except StopIteration:
            self.close()
            raise FileRejected("file_empty", "文件没有表头 / the file has no header row") from None
        self.header = _check_unique(normalise_header(first))

    def batches(self) -> Iterator[Batch]:
        width = len(self.header)
        lines: list[int] = []
        rows: list[list[str]] = []
        malformed: list[Malformed] = []
        pending: tuple[int, list[str]] | None = None
        read = 0
        start = self._reader.line_num + 1
        for record in self._reader:
            record_start, start = start, self._reader.line_num + 1
            if not record:
                continue
            read += 1
            if pending is not None:
                self._place(pending, width, lines, rows, malformed)
                if len(rows) + len(malformed) >= self._batch_rows:
                    yield rows_to_batch(self.header, lines, rows, malformed)
                    lines, rows, malformed = [], [], []
            pending = (record_start, record)
        if pending is not None:
            if len(pending[1]) < width and not self._facts.ends_with_newline:
                raise FileRejected(
                    "file_truncated",
                    f"最后一行在第 {pending[0]} 行被截断，请重新交付 / the last record (line {pending[0]})"
                    " is cut off: re-deliver the file",
                    records_read=read,
                )
            self._place(pending, width, lines, rows, malformed)
        yield rows_to_batch(self.header, lines, rows, malformed)

    def _place(self, item: tuple[int, list[str]], width: int, lines: list[int],
               rows: list[list[str]], malformed: list[Malformed]) -> None:
        line, record = item
        if len(record) > width and not any(v.strip() for v in record[width:]):
            record = record[:width]  # trailing empty fields, as spreadsheets add them
        if len(record) == width:
            lines.append(line)
            rows.append(record)
        else:
            malformed.append(Malformed(
                line, _as_dict(self.header, record),
                f"字段数 {len(record)}，表头 {width} / {len(record)} fields, header has {width}",
            ))

    def close(self) -> None:
        self._file.close()


class JsonlExtract(Extract):
    """One JSON object per line; the first object's keys are the header, later new keys are drift."""

    def __init__(self, path: Path, facts: FileFacts, batch_rows: int):
        self._facts = facts
        self._batch_rows = batch_rows
        self._file = path.open(encoding=facts.encoding, newline="")
        self._first: tuple[int, dict] | None = None
        for number, text in enumerate(self._file, start=1):
            if text.strip():
                try:
                    obj = json.loads(text)
                except json.JSONDecodeError as exc:
                    self.close()
                    raise FileRejected(
                        "file_unreadable", f"第 1 条记录不是 JSON / the first record is not JSON: {exc}"
                    ) from None
                if not isinstance(obj, dict):
                    self.close()
                    raise FileRejected("file_unreadable", "记录不是 JSON 对象 / records are not JSON objects")
                self._first = (number, obj)
                break
        if self._first is None:
            self.close()
            raise FileRejected("file_empty", "文件没有记录 / the file has no records")
        self.header = _check_unique(normalise_header(list(self._first[1])))

    def _records(self) -> Iterator[tuple[int, str]]:
        assert self._first is not None
        first_line, first_record = self._first
        yield first_line, json.dumps(first_record)
        yield from enumerate(self._file, start=first_line + 1)

    def batches(self) -> Iterator[Batch]:
        header = list(self.header)
        lines: list[int] = []
        rows: list[dict[str, str | None]] = []
        malformed: list[Malformed] = []
        last_line, last_text, read = 0, "\n", 0
        for number, text in self._records():
            last_line, last_text = number, text
            if not text.strip():
                continue
            read += 1
            try:
                obj = json.loads(text)
                if not isinstance(obj, dict):
                    raise ValueError("not an object")
            except ValueError as exc:
                malformed.append(Malformed(
                    number, {"_text": text.rstrip("\r\n")}, f"不是有效的 JSON 对象 / not a JSON object: {exc}"
                ))
                continue
            record = {}
            for key, value in obj.items():
                name = normalise_header([key])[0]
                if name not in header:
                    header.append(name)
                record[name] = value_to_text(value)
            lines.append(number)
            rows.append(record)
            if len(rows) + len(malformed) >= self._batch_rows:
                yield self._batch(header, lines, rows, malformed)
                lines, rows, malformed = [], [], []
        if malformed and malformed[-1].line == last_line and not last_text.endswith("\n"):
            raise FileRejected(
                "file_truncated",
                f"最后一行在第 {last_line} 行被截断，请重新交付 / the last record (line {last_line})"
                " is cut off: re-deliver the file",
                records_read=read,
            )
        yield self._batch(header, lines, rows, malformed)

    @staticmethod
    def _batch(header: list[str], lines: list[int], rows: list[dict], malformed: list[Malformed]) -> Batch:
        names = tuple(header)
        return rows_to_batch(names, lines, [[r.get(n) for n in names] for r in rows], malformed)

    def close(self) -> None:
        self._file.close()


class XlsxExtract(Extract):
    """The first sheet of a workbook, read in openpyxl's streaming mode."""

    def __init__(self, path: Path, batch_rows: int):
        import openpyxl  # imported here: only xlsx deliveries pay for it

        self._batch_rows = batch_rows
        try:
            self._book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a corrupt workbook
            raise FileRejected("file_unreadable", f"无法打开 Excel 文件 / cannot open the workbook: {exc}") from None
        self._rows = enumerate(self._book.worksheets[0].iter_rows(values_only=True), start=1)
        for _number, values in self._rows:
            if any(v is not None and str(v).strip() for v in values):
                self.header = _check_unique(normalise_header(values))
                break
        else:
            self.close()
            raise FileRejected("file_empty", "工作表为空 / the first sheet is empty")

    def batches(self) -> Iterator[Batch]:
        width = len(self.header)
        lines: list[int] = []
        rows: list[list[str | None]] = []
        for number, values in self._rows:
            texts = [value_to_text(v) for v in values]
            if not any(t is not None and t.strip() for t in texts):
                continue
            texts = (texts + [None] * width)[:width]
            lines.append(number)
            rows.append(texts)
            if len(rows) >= self._batch_rows:
                yield rows_to_batch(self.header, lines, rows, [])
                lines, rows = [], []
        yield rows_to_batch(self.header, lines, rows, [])

    def close(self) -> None:
        self._book.close()


class ParquetExtract(Extract):
    def __init__(self, path: Path, batch_rows: int):
        self._batch_rows = batch_rows
        try:
            self._file = pq.ParquetFile(path)
        except Exception as exc:  # pyarrow raises ArrowInvalid/OSError for corrupt files
            raise FileRejected(
                "file_unreadable", f"无法读取 Parquet 文件 / cannot read the parquet file: {exc}"
            ) from None
        self.header = _check_unique(normalise_header(self._file.schema_arrow.names))

    def batches(self) -> Iterator[Batch]:
        offset = 1
        for record_batch in self._file.iter_batches(batch_size=self._batch_rows):
            arrays = [_as_text(column) for column in record_batch.columns]
            lines = pa.array(range(offset, offset + record_batch.num_rows), type=pa.int64())
            offset += record_batch.num_rows
            yield Batch(pa.Table.from_arrays([*arrays, lines], names=[*self.header, LINE_COLUMN]))
        if offset == 1:
            yield rows_to_batch(self.header, [], [], [])

    def close(self) -> None:
        self._file.close()


def _as_text(column: pa.Array) -> pa.Array:
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        return column.cast(pa.string())
    if pa.types.is_floating(column.type) or pa.types.is_timestamp(column.type) or pa.types.is_date(column.type):
        return pa.array([value_to_text(v) for v in column.to_pylist()], type=pa.string())
    try:
        return pc.cast(column, pa.string())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return pa.array([value_to_text(v) for v in column.to_pylist()], type=pa.string())


def open_extract(path: Path, facts: FileFacts, batch_rows: int) -> Extract:
    """Open a landing file by its extension; FileRejected if it cannot be read at all."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return CsvExtract(path, facts, batch_rows)
    if suffix == ".jsonl":
        return JsonlExtract(path, facts, batch_rows)
    if suffix == ".xlsx":
        return XlsxExtract(path, batch_rows)
    if suffix == ".parquet":
        return ParquetExtract(path, batch_rows)
    raise FileRejected("file_unreadable", f"不支持的文件格式 / unsupported format: {suffix}")
