"""Rules for the core marts and the S&OP forecast: integrity, unknown members, reconciliation.

Thresholds that depend on the business (share of UNKNOWN codes) come from RuleSettings; the
forecast rules only run where sop.forecast exists (the engine skips them with a reason).
"""

from __future__ import annotations

import great_expectations as gx

from forecasting.store import fingerprint_sql
from quality.rules import Layer, Rule, RuleSettings, Severity

UNKNOWN = "UNKNOWN"

# (fact, column, dimension, dimension column, severity)
REFERENCES: tuple[tuple[str, str, str, str, Severity], ...] = (
    ("fct_sales_line", "product_code", "dim_product", "product_code", "critical"),
    ("fct_sales_line", "channel_code", "dim_channel", "channel_code", "critical"),
    ("fct_sales_line", "sale_date", "dim_date", "date_day", "critical"),
    ("fct_sales_line", "customer_code", "dim_customer", "customer_code", "warning"),
    ("fct_sales_line", "store_id", "dim_store", "store_id", "warning"),
    ("fct_sales_line", "rep_id", "dim_rep", "rep_id", "warning"),
    ("fct_opportunity", "product_code", "dim_product", "product_code", "critical"),
    ("fct_opportunity", "customer_code", "dim_customer", "customer_code", "warning"),
    ("fct_invoice", "customer_code", "dim_customer", "customer_code", "warning"),
    ("fct_inventory_daily", "product_code", "dim_product", "product_code", "critical"),
    ("fct_service_ticket", "product_code", "dim_product", "product_code", "critical"),
)

# (fact, column) whose share of UNKNOWN rows is capped by RuleSettings.max_unknown_percent
UNKNOWN_SHARES: tuple[tuple[str, str], ...] = (
    ("fct_sales_line", "product_code"),
    ("fct_sales_line", "customer_code"),
    ("fct_invoice", "customer_code"),
)

# Sales fact against raw: one row per latest source line that is a sale, and the same net amount.
_RAW_SALES = """
with erp as (
    select order_id || '-' || line_no as source_key,
           arg_max(status, (updated_at, _batch_id, _source_line)) as status,
           arg_max(qty * unit_price - coalesce(discount_amount, 0), (updated_at, _batch_id, _source_line)) as net
    from raw.erp__sales_orders group by order_id, line_no
),
pos as (
    select arg_max(qty * unit_price - coalesce(discount_amount, 0), (_batch_id, _source_line)) as net
    from raw.pos__transactions group by receipt_id, line_no
),
raw_totals as (
    select 'erp' as source_system, count(*) as raw_rows,
           sum(case when status = 'returned' then -net else net end) as raw_net_amount
    from erp where status <> 'cancelled'
    union all
    select 'pos', count(*), sum(net) from pos
),
fact_totals as (
    select source_system, count(*) as fact_rows, sum(net_amount) as fact_net_amount
    from core.fct_sales_line group by source_system
)
select r.source_system, r.raw_rows, coalesce(f.fact_rows, 0) as fact_rows,
       round(r.raw_net_amount, 2) as raw_net_amount, coalesce(f.fact_net_amount, 0) as fact_net_amount
from raw_totals as r left join fact_totals as f using (source_system)
"""

_FORECAST_ORDER = ("yhat_lo_95 <= yhat_lo_80 and yhat_lo_80 <= yhat and yhat <= yhat_hi_80"
                   " and yhat_hi_80 <= yhat_hi_95")


def _rule(layer: Layer, table: str, suffix: str, column: str | None, severity: Severity, description: str,
          expectation, **how) -> Rule:
    rule_id = f"{table}.{suffix}"
    expectation.meta = {"rule_id": rule_id, "severity": severity}
    expectation.notes = description
    expectation.severity = severity
    return Rule(id=rule_id, table=table, column=column, severity=severity, description=description,
                expectation=expectation, layer=layer, **how)


def _unexpected(query: str, description: str):
    return gx.expectations.UnexpectedRowsExpectation(unexpected_rows_query=query, description=description)


def reference_rules() -> list[Rule]:
    rules = []
    for fact, column, dim, dim_column, severity in REFERENCES:
        label = f"{column} 在 {dim} 中不存在 / {column} has no row in core.{dim}"
        where = f"{column} not in (select {dim_column} from core.{dim} where {dim_column} is not null)"
        rules.append(_rule("core", f"core.{fact}", f"{column}_in_{dim}", column, severity, label,
                           _unexpected(f"select * from {{batch}} where {where}", label),
                           where=where, sample_columns=(column,)))
    return rules


def unknown_share_rules(settings: RuleSettings) -> list[Rule]:
    limit = settings.max_unknown_percent
    rules = []
    for fact, column in UNKNOWN_SHARES:
        label = f"{column} 为 UNKNOWN 的占比超过 {limit}% / share of UNKNOWN {column} above {limit}%"
        rules.append(_rule("core", f"core.{fact}", f"{column}_unknown_share", column, "warning", label,
                           gx.expectations.ExpectColumnValuesToNotBeInSet(
                               column=column, value_set=[UNKNOWN], mostly=1 - limit / 100),
                           where=f"{column} = '{UNKNOWN}'", max_unexpected_percent=limit, sample_columns=(column,)))
    return rules


def customer_xref_rule() -> Rule:
    label = "同一来源编码对应多个标准客户编码 / one source key maps to more than one golden customer code"
    query = ("select * from {batch} where (source_system, source_key) in (select source_system, source_key"
             " from {batch} group by all having count(distinct customer_code) > 1)")
    return _rule("core", "core.customer_xref", "golden_code_unique", "source_system, source_key", "critical",
                 label, _unexpected(query, label), unexpected_sql=query, total_sql="select count(*) from {batch}")


def sales_reconciliation_rule() -> Rule:
    label = "销售事实与原始数据的行数或净额不一致 / sales fact rows or net amount differ from raw"
    query = (f"select * from ({_RAW_SALES}) where raw_rows <> fact_rows"
             " or abs(raw_net_amount - fact_net_amount) > 0.01")
    return _rule("core", "core.fct_sales_line", "raw_reconciliation", "net_amount", "critical", label,
                 _unexpected(query.replace("core.fct_sales_line", "{batch}"), label),
                 unexpected_sql=query, total_sql="select 2")


# Bottom series (product × region) with demand in the six months up to the newest version, as
# forecasting.demand.active_ids picks them, that the version has no forecast for.
_ACTIVE = """
with newest as (select max(forecast_version) as version, strptime(max(forecast_version), '%Y-%m')::date as month
                from sop.forecast),
active as (
    select distinct sales.product_code || '/' || sales.region as unique_id
    from core.fct_sales_line as sales
    inner join core.dim_product as products on sales.product_code = products.product_code
    cross join newest
    where sales.is_revenue and sales.product_code <> 'UNKNOWN' and sales.region is not null
      and date_trunc('month', sales.sale_date) between newest.month - interval 5 month and newest.month
    group by sales.product_code, sales.region, date_trunc('month', sales.sale_date)
    having sum(sales.qty) > 0
)
"""
_UNCOVERED = _ACTIVE + """
select newest.version as forecast_version, active.unique_id from active cross join newest
where active.unique_id not in (select unique_id from sop.forecast
                               where forecast_version = newest.version and level = 'product_region')
"""
_OVERWRITTEN = f"""
select ledger.forecast_version, ledger.row_count as recorded_rows, stored.row_count as stored_rows,
       ledger.fingerprint as recorded_fingerprint, stored.fingerprint as stored_fingerprint
from sop.version_ledger as ledger
left join ({fingerprint_sql("forecast")}) as stored using (forecast_version)
where ledger.table_name = 'forecast' and stored.fingerprint is distinct from ledger.fingerprint
"""


def _in_batch(query: str) -> str:
    """The query over the batch GE validates (sop.forecast) rather than the table by name."""
    return query.replace("sop.forecast", "{batch}")


def forecast_rules() -> list[Rule]:
    table = "sop.forecast"
    horizon = ("select * from {batch} qualify lag not between 1 and 6 or max(lag) over"
               " (partition by forecast_version, unique_id, model) not between 3 and 6")
    specs = (
        ("horizon", "lag", "critical", "预测期不在 3–6 个月 / forecast horizon not within 3–6 months",
         _unexpected(horizon, "horizon"), {"unexpected_sql": horizon, "total_sql": "select count(*) from {batch}"}),
        ("yhat_non_negative", "yhat", "critical", "预测值为负 / negative forecast",
         gx.expectations.ExpectColumnValuesToBeBetween(column="yhat", min_value=0), {"where": "yhat < 0"}),
        ("interval_order", "yhat", "critical",
         "区间顺序错误（应 lo95 ≤ lo80 ≤ yhat ≤ hi80 ≤ hi95）/ interval bounds out of order",
         _unexpected(f"select * from {{batch}} where not ({_FORECAST_ORDER})", "interval order"),
         {"where": f"not ({_FORECAST_ORDER})"}),
        ("active_series_covered", "unique_id", "critical",
         "最新版本缺少活跃序列的预测（近6个月有销量的产品×大区）/ the newest version lacks a forecast for a series"
         " with sales in the six months up to it", _unexpected(_in_batch(_UNCOVERED), "active series covered"),
         {"unexpected_sql": _UNCOVERED, "total_sql": _ACTIVE + "select count(*) from active",
          "sample_columns": ("forecast_version", "unique_id")}),
        ("version_not_overwritten", "forecast_version", "critical",
         "已写入的预测版本被改动（指纹与记录不符）/ a written forecast version was changed: its fingerprint differs"
         " from sop.version_ledger", _unexpected(_in_batch(_OVERWRITTEN), "version not overwritten"),
         {"unexpected_sql": _OVERWRITTEN, "total_sql": "select count(*) from sop.version_ledger",
          "sample_columns": ("forecast_version", "recorded_rows", "stored_rows")}),
    )
    sample = ("forecast_version", "unique_id", "month", "lag", "model", "yhat", "yhat_lo_95", "yhat_lo_80",
              "yhat_hi_80", "yhat_hi_95")
    return [_rule("forecast", table, suffix, column, severity, label, expectation, **{"sample_columns": sample, **how})
            for suffix, column, severity, label, expectation, how in specs]


def core_rules(settings: RuleSettings) -> list[Rule]:
    return [*reference_rules(), *unknown_share_rules(settings), customer_xref_rule(), sales_reconciliation_rule()]
