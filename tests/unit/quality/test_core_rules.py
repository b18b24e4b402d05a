from quality.core_rules import core_rules, customer_xref_rule, forecast_rules, reference_rules, unknown_share_rules
from quality.engine import evaluate
from quality.rules import RuleSettings
from tests.unit.quality.helpers import NOW

FORECAST_DDL = """create schema if not exists sop;
create table sop.forecast (forecast_version varchar, level varchar, unique_id varchar, month date, lag integer,
    model varchar, segment varchar, yhat double, yhat_lo_80 double, yhat_hi_80 double, yhat_lo_95 double,
    yhat_hi_95 double, created_at timestamp)"""


def _marts(con, product_codes, customer_codes):
    con.execute("create schema core")
    con.execute("create table core.dim_product as select * from (values ('P1'), ('UNKNOWN')) t(product_code)")
    con.execute("create table core.fct_sales_line (product_code varchar, customer_code varchar)")
    con.executemany("insert into core.fct_sales_line values (?, ?)", list(zip(product_codes, customer_codes, strict=True)))


def by_suffix(results):
    return {r.rule.id.split(".", 2)[-1]: r for r in results}


def test_reference_rule_finds_fact_codes_missing_from_the_dimension(con):
    _marts(con, ["P1", "P1", "P9"], ["C1", "C1", "C1"])
    rules = [r for r in reference_rules() if r.id == "core.fct_sales_line.product_code_in_dim_product"]
    [result] = evaluate(con, rules)
    assert result.status == "failed" and result.failing_samples == ({"product_code": "P9"},)


def test_unknown_share_fails_only_above_the_threshold(con):
    _marts(con, ["P1"] * 97 + ["UNKNOWN"] * 3, ["C1"] * 100)
    share = [r for r in unknown_share_rules(RuleSettings(now=NOW, max_unknown_percent=2.0))
             if r.id == "core.fct_sales_line.product_code_unknown_share"]
    assert evaluate(con, share)[0].status == "failed"
    loose = [r for r in unknown_share_rules(RuleSettings(now=NOW, max_unknown_percent=5.0)) if r.id == share[0].id]
    assert evaluate(con, loose)[0].status == "passed"


def test_customer_xref_source_key_with_two_golden_codes(con):
    con.execute("create schema core")
    con.execute("create table core.customer_xref as select * from (values ('crm', 'A1', 'C1'), ('erp', 'K1', 'C1'),"
                " ('erp', 'K2', 'C2'), ('erp', 'K2', 'C3')) t(source_system, source_key, customer_code)")
    result = evaluate(con, [customer_xref_rule()])[0]
    assert result.status == "failed" and result.unexpected_count == 2


def test_forecast_rules_are_skipped_with_a_reason_without_the_table(con):
    results = evaluate(con, forecast_rules())
    assert {r.status for r in results} == {"skipped"}
    assert "sop.forecast" in results[0].detail


def test_forecast_rules_catch_horizon_negative_and_interval_order(con):
    con.execute(FORECAST_DDL)
    good = [("2026-11", "total", "T", f"2026-{11 + lag:02d}-01" if lag < 2 else f"2027-{lag - 1:02d}-01", lag,
             "ets", None, 10.0, 8.0, 12.0, 6.0, 14.0, NOW) for lag in range(1, 5)]
    short = [("2026-11", "total", "U", "2026-12-01", 1, "ets", None, -1.0, 8.0, 12.0, 9.0, 14.0, NOW)]
    con.executemany(f"insert into sop.forecast values ({', '.join('?' * 13)})", good + short)
    found = by_suffix(evaluate(con, forecast_rules()))
    assert found["horizon"].unexpected_count == 1 and found["horizon"].failing_samples[0]["unique_id"] == "U"
    assert found["yhat_non_negative"].unexpected_count == 1
    assert found["interval_order"].unexpected_count == 1  # lo95 9 > lo80 8 and yhat below lo80


def test_core_rules_skip_when_marts_are_not_built(con):
    assert {r.status for r in evaluate(con, core_rules(RuleSettings(now=NOW)))} == {"skipped"}
