"""Each file format and text encoding loads the same rows, never garbled."""

import json
from decimal import Decimal

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq

from tests.conftest import deliver, ingest

HEADER = "member_id,member_name,phone,birth_date,registered_at,home_store_id\n"
ROWS = "M1,王䶮,13812345678,1990-01-02,2024-05-06 10:00,S01\nM2,李㛃,13912345678,1991/03/04,2024-05-07T08:00:00+08:00,S02\n"


def _names(con):
    return con.execute("select member_id, member_name from raw.pos__members order by member_id").fetchall()


def test_gb18030_with_characters_outside_gbk_is_decoded(con, landing):
    deliver(landing, "pos", "members", "members_20261101.csv", HEADER + ROWS, encoding="gb18030")
    [result] = ingest(con, landing, "pos", "members")
    assert result.status == "loaded" and result.rows_loaded == 2
    assert _names(con) == [("M1", "王䶮"), ("M2", "李㛃")]
    assert con.execute("select encoding from audit.file_loads").fetchone()[0] == "gb18030"


def test_utf8_with_bom_does_not_leak_into_the_first_column_name(con, landing):
    deliver(landing, "pos", "members", "members_20261101.csv", "\ufeff" + HEADER + ROWS)
    [result] = ingest(con, landing, "pos", "members")
    assert result.rows_loaded == 2 and result.schema_drift == ()
    assert _names(con)[0] == ("M1", "王䶮")


def test_quoted_fields_hold_commas_and_newlines_and_line_numbers_stay_physical(con, landing):
    text = (
        "activity_id,account_id,opportunity_id,rep_id,activity_type,activity_at,outcome\n"
        'A1,C1,,R1,拜访,2026-11-01 10:00,"客户要求报价, 下周再谈\n第二行备注"\n'
        "A2,C1,,R1,电话,2026-11-02 10:00,\n"
        "A3,C1,,R1,电话,not a time,\n"
    )
    deliver(landing, "crm", "activities", "activities_20261102.csv", text)
    ingest(con, landing, "crm", "activities")
    rows = con.execute("select activity_id, outcome, _source_line from raw.crm__activities order by 1").fetchall()
    assert rows == [("A1", "客户要求报价, 下周再谈\n第二行备注", 2), ("A2", None, 4)]
    assert con.execute("select source_line, rule from quarantine.rejected_rows").fetchall() == [(5, "invalid_timestamp")]


def test_xlsx_first_sheet_with_native_cell_types(con, landing, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["month", "region", "category_l1", "rep_id", "target_amount"])
    sheet.append(["2026-11", "华东", "饮料", None, 1234567.5])
    sheet.append(["2026-11", "华南", "饮料", "R7", "¥2,000.00"])
    sheet.append([None, None, None, None, None])
    sheet.append(["2026-12", "华东", "饮料", None, -1])
    book.create_sheet("notes").append(["ignored"])
    path = landing / "erp" / "sales_targets"
    path.mkdir(parents=True)
    book.save(path / "sales_targets_20261101.xlsx")
    [result] = ingest(con, landing, "erp", "sales_targets")
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (3, 2, 1)
    assert con.execute("select sum(target_amount) from raw.erp__sales_targets").fetchone()[0] == Decimal("1236567.50")
    assert con.execute("select source_line, rule from quarantine.rejected_rows").fetchall() == [(5, "negative_amount")]


def test_parquet_with_typed_columns(con, landing):
    table = pa.table({
        "store_id": ["S01", "S02"], "store_name": ["南京西路旗舰店", "天河店"], "store_type": ["旗舰店", "标准店"],
        "region": ["华东", "华南"], "province": ["上海市", "广东省"], "city": ["上海", "广州"],
        "open_date": pa.array([None, None], pa.date32()), "close_date": pa.array([None, None], pa.date32()),
        "area_sqm": [350.5, 120.0],
    })
    path = landing / "pos" / "stores"
    path.mkdir(parents=True)
    pq.write_table(table, path / "stores_20261101.parquet")
    [result] = ingest(con, landing, "pos", "stores")
    assert result.rows_loaded == 2
    assert con.execute("select area_sqm, _source_line from raw.pos__stores order by 1").fetchall() == [
        (Decimal("120.0000"), 2), (Decimal("350.5000"), 1)]


def test_jsonl_records_with_nested_values_and_a_broken_line(con, landing):
    records = [
        {"ticket_id": "T1", "account_id": "C1", "opened_at": "2026-11-01T09:00:00+08:00", "csat": 5,
         "first_contact_resolved": True, "tags": ["vip"]},
        {"ticket_id": "T2", "account_id": "C2", "opened_at": "2026-11-02 09:00", "csat": None},
    ]
    text = json.dumps(records[0], ensure_ascii=False) + "\n{broken json\n" + json.dumps(records[1]) + "\n"
    deliver(landing, "crm", "service_tickets", "service_tickets_20261102.jsonl", text)
    [result] = ingest(con, landing, "crm", "service_tickets")
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (3, 2, 1)
    assert result.schema_drift == ("tags",)
    assert con.execute("select ticket_id, csat, first_contact_resolved, _extra->>'tags' from raw.crm__service_tickets"
                       " order by 1").fetchall() == [("T1", 5, True, '["vip"]'), ("T2", None, None, None)]
    assert con.execute("select source_line, rule from quarantine.rejected_rows").fetchall() == [(2, "malformed_record")]


def test_text_that_is_neither_utf8_nor_gb18030_is_rejected_not_garbled(con, landing):
    deliver(landing, "pos", "members", "members_20261101.csv", HEADER.encode() + b"M1,\x80\xff\xfe\x81,1\n")
    [result] = ingest(con, landing, "pos", "members")
    assert result.status == "rejected" and result.reason.startswith("file_unreadable")
    assert con.execute("select count(*) from raw.pos__members").fetchone()[0] == 0
