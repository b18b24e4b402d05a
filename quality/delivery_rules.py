"""Rules about deliveries rather than rows: freshness, volume and the load reconciliation.

They read audit.file_loads, where ingestion records one row per delivered file, so a late or
half-delivered extract is caught even when every row in it is individually fine.
"""

from __future__ import annotations

import datetime as dt

import great_expectations as gx

from ingestion.contract import ENTITIES, Entity
from quality.reconciliation import reconcile_entity
from quality.rules import Rule, RuleSettings, Severity

_LOADED = "source_system = '{system}' and entity = '{entity}' and status = 'loaded'"

# Deliveries newest first: business date in the file name, then sequence, then load order.
_DELIVERIES = """
with deliveries as (
    select source_file as _source_file, file_date, rows_read,
           row_number() over (order by file_date desc nulls last, file_seq desc nulls last, batch_id desc) as recency
    from audit.file_loads where {loaded}
)"""


def _rule(entity: Entity, suffix: str, severity: Severity, description: str, expectation, **how) -> Rule:
    rule_id = f"raw.{entity.table}.{suffix}"
    expectation.meta = {"rule_id": rule_id, "severity": severity}
    expectation.notes = description
    expectation.severity = severity
    return Rule(id=rule_id, table=f"raw.{entity.table}", column=None, severity=severity, description=description,
                expectation=expectation, layer="raw", **how)


def freshness_rule(entity: Entity, settings: RuleSettings) -> Rule:
    """Latest business date delivered (file date, else load time for database sources) within N days."""
    cutoff = (settings.now - dt.timedelta(days=settings.freshness_days)).date().isoformat()
    loaded = _LOADED.format(system=entity.system, entity=entity.name)
    latest = (f"select max(coalesce(file_date, cast(finished_at as date))) as latest_business_date,"
              f" date '{cutoff}' as required_since from audit.file_loads where {loaded}")
    stale = f"select * from ({latest}) where latest_business_date is null or latest_business_date < required_since"
    description = (f"数据不新鲜：最新业务日期早于 {settings.freshness_days} 天前 / stale: latest business date"
                   f" older than {settings.freshness_days} days")
    query = stale.replace("audit.file_loads", "{batch}")
    return _rule(entity, "freshness", "warning", description,
                 gx.expectations.UnexpectedRowsExpectation(unexpected_rows_query=query, description=description),
                 unexpected_sql=stale, total_sql="select 1")


def volume_rule(entity: Entity, settings: RuleSettings) -> Rule:
    """Rows of the newest delivery against the trailing average of the previous ones."""
    loaded = _LOADED.format(system=entity.system, entity=entity.name)
    ratio, lookback = settings.min_volume_ratio, settings.volume_lookback
    low = (_DELIVERIES.format(loaded=loaded) + f"""
, previous as (select avg(rows_read) as trailing_average, count(*) as previous_deliveries
               from deliveries where recency between 2 and {lookback + 1})
select d._source_file, d.file_date, d.rows_read, round(t.trailing_average, 1) as trailing_average,
       round(d.rows_read / t.trailing_average, 3) as ratio
from deliveries as d, previous as t
where d.recency = 1 and t.previous_deliveries > 0 and d.rows_read < {ratio} * t.trailing_average""")
    total = _DELIVERIES.format(loaded=loaded) + " select count(*) from deliveries where recency = 1"
    description = (f"最新交付行数低于前 {lookback} 次平均的 {ratio:.0%}（可能只交付了一半）/ latest delivery has"
                   f" fewer than {ratio:.0%} of the trailing {lookback}-delivery average rows (half-delivered file?)")
    query = low.replace("audit.file_loads", "{batch}")
    return _rule(entity, "volume", "critical", description,
                 gx.expectations.UnexpectedRowsExpectation(unexpected_rows_query=query, description=description),
                 unexpected_sql=low, total_sql=total)


def reconciliation_rule(entity: Entity) -> Rule:
    """Per loaded file: rows read = loaded + quarantined, and raw and quarantine agree (quality.reconciliation)."""

    def check(con) -> tuple[int, list[dict]]:
        result = reconcile_entity(con, entity.system, entity.name)
        return result.files_checked, [{"_source_file": m.pop("source_file"), **m} for m in result.mismatches]

    description = "读取行数 ≠ 加载 + 隔离 / rows read ≠ rows loaded + quarantined for a file"
    query = "select * from {batch} where rows_read <> rows_loaded + rows_quarantined"
    return _rule(entity, "reconciliation", "critical", description,
                 gx.expectations.UnexpectedRowsExpectation(unexpected_rows_query=query, description=description),
                 python_check=check)


def delivery_rules(settings: RuleSettings) -> list[Rule]:
    return [rule for entity in ENTITIES
            for rule in (freshness_rule(entity, settings), volume_rule(entity, settings), reconciliation_rule(entity))]
