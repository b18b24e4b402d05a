"""Rules for every raw table, derived from the extract contract (ingestion.contract.ENTITIES).

Required columns and keys come from the contract itself; value sets come from the steward
seeds in dbt_project/seeds, so a label a steward maps there stops failing here too.
"""

from __future__ import annotations

import csv
from pathlib import Path

import great_expectations as gx

from ingestion.contract import ENTITIES, Entity
from ingestion.sql_types import literal
from quality.formats import EMAIL_PATTERN, MOBILE_PATTERN, MONTH_PATTERN, is_valid_ean13, is_valid_uscc
from quality.rules import Rule, Severity, ValueCheck

SEEDS_DIR = Path(__file__).resolve().parents[1] / "dbt_project" / "seeds"
LINEAGE = ("_source_file", "_source_line")

# (table, column) -> allowed values or the seed (file, column) that lists them, severity, label.
VALUE_SETS: dict[tuple[str, str], tuple[tuple[str, ...] | tuple[str, str], Severity, str]] = {
    ("erp__sales_orders", "status"): (("open", "shipped", "invoiced", "cancelled", "returned"), "critical",
                                      "订单状态不在允许值内 / order status not in the allowed set"),
    ("erp__customers", "channel"): (("channel_map.csv", "raw_value"), "warning",
                                    "渠道不在渠道映射内 / channel not in the channel map"),
    ("pos__stores", "store_type"): (("store_type_map.csv", "raw_value"), "warning",
                                    "门店类型不在允许值内 / store type not in the allowed set"),
    ("pos__transactions", "payment_method"): (("payment_method_map.csv", "raw_value"), "warning",
                                              "支付方式不在映射内 / payment method not in the payment map"),
    ("crm__opportunities", "stage"): (("stage_map.csv", "raw_label"), "warning",
                                      "商机阶段未映射 / stage label not in stage_map"),
    ("crm__activities", "activity_type"): (("拜访", "电话", "邮件", "演示", "提案"), "warning",
                                           "活动类型不在允许值内 / activity type not in the allowed set"),
    ("erp__products", "status"): (("active", "discontinued"), "warning",
                                  "产品状态不在允许值内 / product status not in the allowed set"),
}

# (table, column, min, max, strict_min, severity, label)
RANGES: tuple[tuple[str, str, float | None, float | None, bool, Severity, str], ...] = (
    ("erp__sales_orders", "qty", 0, None, True, "critical", "ERP 订单数量必须大于 0 / ERP order qty must be > 0"),
    ("erp__sales_orders", "unit_price", 0, None, False, "critical", "单价为负 / negative unit price"),
    ("erp__sales_orders", "discount_amount", 0, None, False, "warning", "折扣为负 / negative discount"),
    ("erp__products", "list_price", 0, None, False, "critical", "标准售价为负 / negative list price"),
    ("erp__products", "unit_cost", 0, None, False, "warning", "单位成本为负 / negative unit cost"),
    ("erp__invoices", "amount", 0, None, False, "critical", "发票金额为负 / negative invoice amount"),
    ("erp__invoices", "paid_amount", 0, None, False, "warning", "已收金额为负 / negative paid amount"),
    ("erp__inventory", "on_hand_qty", 0, None, False, "warning", "库存数量为负 / negative on-hand qty"),
    ("erp__supply_params", "lead_time_days", 0, None, False, "warning", "提前期为负 / negative lead time"),
    ("erp__supply_params", "service_level", 0, 1, False, "warning", "服务水平不在 0–1 / service level outside 0–1"),
    ("erp__sales_targets", "target_amount", 0, None, False, "critical", "目标金额为负 / negative target"),
    ("pos__transactions", "unit_price", 0, None, False, "critical", "单价为负 / negative unit price"),
    ("pos__transactions", "discount_amount", 0, None, False, "warning", "折扣为负 / negative discount"),
    ("crm__opportunities", "amount", 0, None, False, "warning", "商机金额为负 / negative opportunity amount"),
    ("crm__service_tickets", "csat", 1, 5, False, "warning", "CSAT 不在 1–5 / CSAT outside 1–5"),
    ("crm__service_tickets", "nps", 0, 10, False, "warning", "NPS 不在 0–10 / NPS outside 0–10"),
    ("crm__service_tickets", "ces", 1, 5, False, "warning", "CES 不在 1–5 / CES outside 1–5"),
)

# (table, column, pattern, label)
PATTERNS: tuple[tuple[str, str, str, str], ...] = (
    ("crm__accounts", "decision_maker_phone", MOBILE_PATTERN, "手机号格式错误 / not a mainland mobile number"),
    ("pos__members", "phone", MOBILE_PATTERN, "手机号格式错误 / not a mainland mobile number"),
    ("crm__accounts", "decision_maker_email", EMAIL_PATTERN, "邮箱格式错误 / not a valid e-mail address"),
    ("erp__sales_targets", "month", MONTH_PATTERN, "月份格式应为 YYYY-MM / month must be YYYY-MM"),
)

# (table, column, check, suffix, label)
_USCC = "统一社会信用代码校验位错误 / USCC check character invalid"
_EAN13 = "条码 EAN-13 校验位错误 / EAN-13 check digit invalid"
CHECKSUMS: tuple[tuple[str, str, ValueCheck, str, str], ...] = (
    ("crm__accounts", "uscc", is_valid_uscc, "uscc_checksum", _USCC),
    ("erp__customers", "uscc", is_valid_uscc, "uscc_checksum", _USCC),
    ("erp__products", "barcode", is_valid_ean13, "barcode_ean13", _EAN13),
    ("pos__transactions", "barcode", is_valid_ean13, "barcode_ean13", _EAN13),
)


def seed_values(file: str, column: str, seeds_dir: Path = SEEDS_DIR) -> tuple[str, ...]:
    with open(seeds_dir / file, encoding="utf-8", newline="") as handle:
        return tuple(sorted({row[column] for row in csv.DictReader(handle) if row[column]}))



def _samples(entity: Entity, column: str) -> tuple[str, ...]:
    return (*dict.fromkeys((*entity.key, column)), *LINEAGE)


def _rule(entity: Entity, suffix: str, column: str | None, severity: Severity, description: str, expectation,
          **how) -> Rule:
    meta = {"rule_id": f"raw.{entity.table}.{suffix}", "severity": severity}
    expectation.meta = meta
    expectation.notes = description
    expectation.severity = severity
    return Rule(id=meta["rule_id"], table=f"raw.{entity.table}", column=column, severity=severity,
                description=description, expectation=expectation, layer="raw", **how)


def not_null_rules(entity: Entity) -> list[Rule]:
    return [_rule(entity, f"{c}_not_null", c, "critical", f"必填字段为空 / required value {c} is null",
                  gx.expectations.ExpectColumnValuesToNotBeNull(column=c), where=f"{c} is null",
                  sample_columns=_samples(entity, c))
            for c in entity.required_columns]


def key_unique_rule(entity: Entity) -> Rule:
    """The key is unique within each delivery: raw keeps every version, so across files it repeats."""
    keys = ", ".join(entity.key)
    expectation = gx.expectations.ExpectCompoundColumnsToBeUnique(column_list=["_batch_id", *entity.key])
    duplicates = (f"select t.* from {{batch}} as t join (select _batch_id, {keys} from {{batch}} group by all"
                  f" having count(*) > 1) as d using (_batch_id, {keys})")
    return _rule(entity, "key_unique", keys, "critical",
                 f"同一批次内主键重复 / key ({keys}) repeated within one delivery", expectation,
                 unexpected_sql=duplicates, total_sql="select count(*) from {batch}",
                 sample_columns=(*entity.key, *LINEAGE))


def value_set_rules(entity: Entity, seeds_dir: Path = SEEDS_DIR) -> list[Rule]:
    rules = []
    for (table, column), (source, severity, label) in VALUE_SETS.items():
        if table != entity.table:
            continue
        values = seed_values(*source, seeds_dir) if source[0].endswith(".csv") else source
        listed = ", ".join(literal(v) for v in values)
        rules.append(_rule(entity, f"{column}_in_set", column, severity, label,
                           gx.expectations.ExpectColumnValuesToBeInSet(column=column, value_set=list(values)),
                           where=f"{column} is not null and {column} not in ({listed})",
                           sample_columns=_samples(entity, column)))
    return rules


def range_rules(entity: Entity) -> list[Rule]:
    rules = []
    for table, column, low, high, strict, severity, label in RANGES:
        if table != entity.table:
            continue
        below = f"{column} <= {low}" if strict else f"{column} < {low}"
        outside = " or ".join(p for p in (low is not None and below, high is not None and f"{column} > {high}") if p)
        expectation = gx.expectations.ExpectColumnValuesToBeBetween(
            column=column, min_value=low, max_value=high, strict_min=strict)
        rules.append(_rule(entity, f"{column}_range", column, severity, label, expectation,
                           where=outside, sample_columns=_samples(entity, column)))
    if entity.table == "pos__transactions":
        rules.append(_rule(entity, "qty_sign", "qty", "critical",
                           "POS 数量为 0（负数为退货，允许）/ POS qty is zero (negative = return, allowed)",
                           gx.expectations.ExpectColumnValuesToNotBeInSet(column="qty", value_set=[0]),
                           where="qty = 0", sample_columns=_samples(entity, "qty")))
    return rules


def format_rules(entity: Entity) -> list[Rule]:
    rules = []
    for table, column, pattern, label in PATTERNS:
        if table == entity.table:
            rules.append(_rule(entity, f"{column}_format", column, "warning", label,
                               gx.expectations.ExpectColumnValuesToMatchRegex(column=column, regex=pattern),
                               where=f"{column} <> '' and not regexp_full_match({column}, {literal(pattern)})",
                               sample_columns=_samples(entity, column)))
    for table, column, check, suffix, label in CHECKSUMS:
        if table == entity.table:
            query = f"select * from {{batch}} where {column} is not null  -- invalid per python-stdnum ({suffix})"
            rules.append(_rule(entity, suffix, column, "warning", label,
                               gx.expectations.UnexpectedRowsExpectation(unexpected_rows_query=query,
                                                                         description=label),
                               value_check=check, sample_columns=_samples(entity, column)))
    return rules


def raw_rules(seeds_dir: Path = SEEDS_DIR) -> list[Rule]:
    """Contract rules for all 15 raw tables (freshness and volume live in quality.delivery_rules)."""
    rules: list[Rule] = []
    for entity in ENTITIES:
        rules += not_null_rules(entity)
        rules.append(key_unique_rule(entity))
        rules += value_set_rules(entity, seeds_dir) + range_rules(entity) + format_rules(entity)
    return rules
