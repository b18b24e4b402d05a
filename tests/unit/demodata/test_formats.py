"""The format and encoding mix real sources send is present, and every file reads back."""

from __future__ import annotations

import json

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq

from tests.unit.demodata.reading import decode


def _by_suffix(demo, suffix):
    return sorted(demo["landing"].rglob(f"*{suffix}"))


def test_some_csv_is_gb18030_with_characters_outside_gbk(demo):
    gb_files = []
    for path in _by_suffix(demo, ".csv"):
        raw = path.read_bytes()
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            gb_files.append(raw.decode("gb18030"))
    assert gb_files, "no GB18030 file"
    outside_gbk = {ch for text in gb_files for ch in set(text) if not _encodes(ch, "gbk")}
    assert "¥" in outside_gbk
    assert outside_gbk & {"䶮", "㛃", "𬌗"}


def _encodes(ch: str, encoding: str) -> bool:
    try:
        ch.encode(encoding)
        return True
    except UnicodeEncodeError:
        return False


def test_some_csv_has_a_utf8_bom_and_some_have_quoted_newlines(demo):
    raws = [p.read_bytes() for p in _by_suffix(demo, ".csv")]
    assert any(r.startswith(b"\xef\xbb\xbf") for r in raws)
    assert any('"' in decode(r) and "\n1. " in decode(r) for r in raws)


def test_xlsx_first_sheet_reads(demo):
    books = _by_suffix(demo, ".xlsx")
    assert {p.parent.name for p in books} >= {"sales_targets", "supply_params"}
    for path in books:
        sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
        assert len(list(sheet.iter_rows(values_only=True))) > 1


def test_parquet_comes_typed_and_as_strings(demo):
    schemas = [pq.read_schema(p) for p in _by_suffix(demo, ".parquet")]
    assert any(pa.types.is_decimal(s.field("unit_price").type) and pa.types.is_timestamp(s.field("sold_at").type)
               for s in schemas)
    assert any(all(pa.types.is_string(f.type) for f in s) for s in schemas)


def test_jsonl_holds_one_object_per_line(demo):
    files = _by_suffix(demo, ".jsonl")
    assert {p.parent.name for p in files} >= {"opportunities", "activities"}
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            assert isinstance(json.loads(line), dict)


def test_value_formats_are_mixed_within_files(demo):
    text = "".join(decode(p.read_bytes()) for p in _by_suffix(demo, ".csv"))
    for sample in ("¥", "￥", "+08:00", "Z,", "/", "\u3000"):
        assert sample in text, sample
    assert any(ch in text for ch in "０１２３４５６７８９")


def test_the_duplicated_pos_file_is_a_byte_copy_under_another_name(demo):
    copies = {f: e for f, e in demo["expected"]["files"].items() if e.get("duplicate_of")}
    assert len(copies) == 1
    (copy, entry), = copies.items()
    assert (demo["landing"] / copy).read_bytes() == (demo["landing"] / entry["duplicate_of"]).read_bytes()
    assert copy.startswith("pos/transactions/") and copy.endswith("_2.csv")
    assert entry["loaded"] == entry["quarantined"] == 0
