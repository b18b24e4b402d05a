"""Row rules: bad rows are quarantined with the rule, the line and their raw values."""

import json

from tests.conftest import deliver, ingest

HEADER = "order_id,line_no,order_date,customer_code,sku,qty,unit_price,discount_amount,rep_id,warehouse_code,status,ship_date,updated_at\n"


def _quarantine(con):
    return con.execute(
        "select source_line, rule, column_name from quarantine.rejected_rows order by source_line").fetchall()


def test_each_row_rule_quarantines_with_its_line_and_column(con, landing):
    text = HEADER + (
        "O1,1,2026-10-01,C1,SKU-1,2,10,0,R1,WH-SH,shipped,,2026-10-02 10:00\n"    # 2 loads
        "O2,1,2026-10-01,,SKU-1,2,10,0,R1,WH-SH,shipped,,2026-10-02 10:00\n"      # 3 customer missing
        "O3,x,2026-10-01,C1,SKU-1,2,10,0,R1,WH-SH,shipped,,2026-10-02 10:00\n"     # 4 line_no not int
        "O4,1,2026-10-01,C1,SKU-1,abc,10,0,R1,WH-SH,shipped,,2026-10-02 10:00\n"   # 5 qty not a number
        "O5,1,2026-13-45,C1,SKU-1,2,10,0,R1,WH-SH,shipped,,2026-10-02 10:00\n"     # 6 bad date
        "O6,1,2026-10-01,C1,SKU-1,2,10,0,R1,WH-SH,shipped,,soon\n"                 # 7 bad timestamp
        "O7,1,2026-10-01,C1,SKU-1,2,-10,0,R1,WH-SH,shipped,,2026-10-02 10:00\n"    # 8 negative price
        "O8,1,2026-10-01,C1,SKU-1,2,10\n"                                          # 9 malformed
        "O9,1,2026-10-01,C1,SKU-1,-2,10,0,R1,WH-SH,returned,,2026-10-02 10:00\n"   # 10 negative qty loads
    )
    deliver(landing, "erp", "sales_orders", "sales_orders_20261031.csv", text)
    [result] = ingest(con, landing, "erp", "sales_orders")
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (9, 2, 7)
    assert _quarantine(con) == [
        (3, "missing_required", "customer_code"), (4, "invalid_integer", "line_no"),
        (5, "invalid_decimal", "qty"), (6, "invalid_date", "order_date"),
        (7, "invalid_timestamp", "updated_at"), (8, "negative_amount", "unit_price"),
        (9, "malformed_record", None),
    ]


def test_quarantined_rows_keep_the_raw_text_as_delivered(con, landing):
    deliver(landing, "erp", "sales_orders", "sales_orders_20261031.csv",
            HEADER + "O4,1,2026/10/01,C1,SKU-1,abc,\"¥1,000.00\",0,R1,WH-SH,shipped,,2026-10-02 10:00\n")
    ingest(con, landing, "erp", "sales_orders")
    raw, detail = con.execute("select raw_values, detail from quarantine.rejected_rows").fetchone()
    values = json.loads(raw)
    assert values["qty"] == "abc" and values["unit_price"] == "¥1,000.00" and values["order_date"] == "2026/10/01"
    assert "abc" in detail


def test_duplicate_keys_in_one_file_keep_the_last_copy(con, landing):
    text = HEADER + (
        "O1,1,2026-10-01,C1,SKU-1,2,10,0,R1,WH-SH,open,,2026-10-02 10:00\n"
        "O1,2,2026-10-01,C1,SKU-2,1,10,0,R1,WH-SH,open,,2026-10-02 10:00\n"
        "O1,1,2026-10-01,C1,SKU-1,3,10,0,R1,WH-SH,shipped,,2026-10-03 10:00\n"
        "O1,1,2026-10-01,C1,SKU-1,4,10,0,R1,WH-SH,invoiced,,2026-10-04 10:00\n"
    )
    deliver(landing, "erp", "sales_orders", "sales_orders_20261031.csv", text)
    [result] = ingest(con, landing, "erp", "sales_orders")
    assert (result.rows_loaded, result.rows_quarantined) == (2, 2)
    assert con.execute("select line_no, qty::int, status from raw.erp__sales_orders order by 1").fetchall() == [
        (1, 4, "invoiced"), (2, 1, "open")]
    assert _quarantine(con) == [(2, "duplicate_key", None), (4, "duplicate_key", None)]


def test_duplicates_across_batches_of_one_file_are_found(con, landing):
    rows = [f"O{i},1,2026-10-01,C1,SKU-1,{i},10,0,R1,WH-SH,open,,2026-10-02 10:00\n" for i in range(10)]
    deliver(landing, "erp", "sales_orders", "sales_orders_20261031.csv", HEADER + "".join(rows + rows[:3]))
    [result] = ingest(con, landing, "erp", "sales_orders", batch_rows=4)
    assert (result.rows_loaded, result.rows_quarantined) == (10, 3)


def test_nullable_key_parts_still_count_as_duplicates(con, landing):
    text = "month,region,category_l1,rep_id,target_amount\n2026-11,华东,饮料,,100\n2026-11,华东,饮料,,120\n"
    deliver(landing, "erp", "sales_targets", "sales_targets_20261101.csv", text)
    [result] = ingest(con, landing, "erp", "sales_targets")
    assert (result.rows_loaded, result.rows_quarantined) == (1, 1)


def test_flagged_values_load_rather_than_quarantine(con, landing):
    text = ("ticket_id,account_id,sku,channel,opened_at,first_response_at,resolved_at,first_contact_resolved,csat,nps,ces\n"
            "T1,C1,UNKNOWN-SKU,电话,2026-11-01 09:00,,,否,9,11,0\n")
    deliver(landing, "crm", "service_tickets", "service_tickets_20261101.csv", text)
    [result] = ingest(con, landing, "crm", "service_tickets")
    assert result.rows_loaded == 1 and result.rows_quarantined == 0
