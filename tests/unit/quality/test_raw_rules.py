from quality.engine import evaluate
from quality.raw_rules import raw_rules
from tests.unit.quality.helpers import insert

GOOD_TX = {"receipt_id": "R1", "line_no": 1, "store_id": "S01", "sold_at": "2026-11-20 10:00:00",
           "barcode": "6901234567892", "qty": 1, "unit_price": 9.9, "payment_method": "微信支付"}


def results(con, table):
    rules = [r for r in raw_rules() if r.table == table]
    return {r.rule.id.split(".")[-1]: r for r in evaluate(con, rules)}


def test_good_transactions_pass_every_row_rule(con):
    insert(con, "raw.pos__transactions", [GOOD_TX, {**GOOD_TX, "line_no": 2, "qty": -1}])  # a return is fine
    assert {k: r.status for k, r in results(con, "raw.pos__transactions").items() if r.status != "passed"} == {}


def test_each_transaction_rule_catches_its_seeded_row(con):
    insert(con, "raw.pos__transactions", [
        GOOD_TX,
        {**GOOD_TX, "line_no": 2, "store_id": None},
        {**GOOD_TX, "line_no": 3, "barcode": "6901234567891"},  # wrong EAN-13 check digit
        {**GOOD_TX, "line_no": 4, "qty": 0},
        {**GOOD_TX, "line_no": 5, "payment_method": "比特币"},
        {**GOOD_TX, "line_no": 5},  # same key twice in one delivery
    ])
    found = results(con, "raw.pos__transactions")
    assert found["store_id_not_null"].unexpected_count == 1
    ean = found["barcode_ean13"]
    assert ean.unexpected_count == 1 and ean.failing_samples[0]["barcode"] == "6901234567891"
    assert ean.failing_samples[0]["_source_line"] == 4 and ean.failing_samples[0]["_source_file"]
    assert found["qty_sign"].unexpected_count == 1
    assert found["payment_method_in_set"].unexpected_count == 1
    assert found["key_unique"].unexpected_count == 2
    assert found["unit_price_range"].status == "passed"


def test_uscc_phone_and_email_formats_are_validated(con):
    base = {"account_id": "A1", "account_name": "上海甲公司", "uscc": "91110000600037341L",
            "decision_maker_phone": "13812345678", "decision_maker_email": "zhang@example.com",
            "created_at": "2026-01-01 00:00:00"}
    insert(con, "raw.crm__accounts", [
        base,
        {**base, "account_id": "A2", "uscc": "91110000600037341X", "decision_maker_phone": "12812345678",
         "decision_maker_email": "zhang@example"},
    ])
    found = results(con, "raw.crm__accounts")
    for rule in ("uscc_checksum", "decision_maker_phone_format", "decision_maker_email_format"):
        assert found[rule].unexpected_count == 1, rule
        assert found[rule].failing_samples[0]["account_id"] == "A2"


def test_ranges_stage_map_and_erp_quantity(con):
    insert(con, "raw.crm__service_tickets", [
        {"ticket_id": "T1", "account_id": "A1", "opened_at": "2026-11-01 00:00:00", "csat": 5, "nps": 10, "ces": 1},
        {"ticket_id": "T2", "account_id": "A1", "opened_at": "2026-11-01 00:00:00", "csat": 6, "nps": -1, "ces": 3},
    ])
    tickets = results(con, "raw.crm__service_tickets")
    assert tickets["csat_range"].unexpected_count == 1 and tickets["nps_range"].unexpected_count == 1
    assert tickets["ces_range"].status == "passed"

    opportunity = {"opportunity_id": "O1", "account_id": "A1", "stage": "赢单", "created_at": "2026-01-01 00:00:00",
                   "updated_at": "2026-01-02 00:00:00"}
    insert(con, "raw.crm__opportunities", [opportunity, {**opportunity, "opportunity_id": "O2", "stage": "Stage X"}])
    assert results(con, "raw.crm__opportunities")["stage_in_set"].unexpected_count == 1

    line = {"order_id": "SO1", "line_no": 1, "order_date": "2026-11-01", "customer_code": "C1", "sku": "SKU1",
            "qty": 2, "unit_price": 10, "status": "shipped", "updated_at": "2026-11-01 00:00:00"}
    insert(con, "raw.erp__sales_orders", [line, {**line, "line_no": 2, "qty": -1, "status": "returned"}])
    orders = results(con, "raw.erp__sales_orders")
    assert orders["qty_range"].unexpected_count == 1 and orders["qty_range"].rule.severity == "critical"


def test_every_contract_entity_has_not_null_and_key_rules():
    tables = {r.table for r in raw_rules() if r.id.endswith(".key_unique")}
    assert len(tables) == 15
