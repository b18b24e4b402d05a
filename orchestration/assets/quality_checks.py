"""Great Expectations rules as asset checks: critical rules block everything downstream, warnings report.

One check per raw entity, one on the core facts and one on the forecast. Each persists its results
in `quality.*`; the layer checks (and any failing check) refresh the steward report and Data Docs.
"""

import datetime as dt
from pathlib import Path

import dagster as dg

from ingestion.contract import ENTITIES
from orchestration.assets.sop import FORECAST_KEY
from orchestration.warehouse import WarehouseResource
from quality.governance import load_registry, unclassified_pii_columns
from quality.report import write_report
from quality.rules import RuleSettings
from quality.runner import ValidationOutcome, validate


class QualityResource(dg.ConfigurableResource):
    """Where reports go and how strict freshness is; the rest of the thresholds are the rule defaults."""

    reports_dir: str
    freshness_days: int = 35


def _result(outcome: ValidationOutcome) -> dg.AssetCheckResult:
    failed = outcome.failed_critical or outcome.failed_warning
    severity = dg.AssetCheckSeverity.ERROR if outcome.failed_critical else dg.AssetCheckSeverity.WARN
    return dg.AssetCheckResult(
        passed=not failed,
        severity=severity,
        description=outcome.message(),
        metadata={
            "validation_run_id": outcome.run_id,
            "rules": len(outcome.results),
            "critical_failed": len(outcome.failed_critical),
            "warnings_failed": len(outcome.failed_warning),
            "skipped": len(outcome.skipped),
            "failed_rules": dg.MetadataValue.json(
                [r.rule.id for r in [*outcome.failed_critical, *outcome.failed_warning]][:50]),
        },
    )


def _validate(warehouse: WarehouseResource, quality: QualityResource, scope: str, layer: bool) -> ValidationOutcome:
    """Validate `scope`; the steward report (and, for a layer, the Data Docs) is rewritten after a layer
    check or a failure, not after each of the fifteen passing raw checks."""
    reports = Path(quality.reports_dir)
    settings = RuleSettings(now=dt.datetime.now().replace(microsecond=0), freshness_days=quality.freshness_days)
    with warehouse.writer() as con:
        outcome = validate(con, scope, settings=settings, data_docs_dir=reports / "data_docs" if layer else None)
        if layer or outcome.failed:
            write_report(con, reports / "quality")
    return outcome


def _raw_check(table: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=dg.AssetKey(["raw", table]), name="quality_rules", blocking=True,
                    description="数据质量规则 / required values, unique keys, value sets, ranges, USCC and EAN-13"
                    " check digits, phone and e-mail formats, freshness and volume of the newest delivery.")
    def _check(warehouse: WarehouseResource, quality: QualityResource) -> dg.AssetCheckResult:
        return _result(_validate(warehouse, quality, f"raw.{table}", layer=False))

    return _check


@dg.asset_check(asset=dg.AssetKey(["core", "fct_sales_line"]), name="core_quality_rules", blocking=True,
                additional_deps=[dg.AssetKey(["core", name]) for name in (
                    "fct_opportunity", "fct_invoice", "fct_inventory_daily", "fct_service_ticket", "customer_xref")],
                description="核心层质量规则 / referential integrity of the facts, share of UNKNOWN codes, one"
                " golden code per source key, and raw totals = fact totals to the cent.")
def core_quality_check(warehouse: WarehouseResource, quality: QualityResource) -> dg.AssetCheckResult:
    return _result(_validate(warehouse, quality, "core", layer=True))


@dg.asset_check(asset=FORECAST_KEY, name="forecast_quality_rules", blocking=True,
                description="预测质量规则 / horizon within 3–6 months, no negative forecast, "
                "lo95 ≤ lo80 ≤ yhat ≤ hi80 ≤ hi95, every active series in the newest version, no written version"
                " changed.")
def forecast_quality_check(warehouse: WarehouseResource, quality: QualityResource) -> dg.AssetCheckResult:
    return _result(_validate(warehouse, quality, "forecast", layer=True))


@dg.asset_check(asset=dg.AssetKey(["core", "dim_customer"]), name="personal_data_classified", blocking=True,
                description="个人信息须登记 / every column that looks like personal data (by name or by values) has"
                " a PII class in quality/governance.yml, so masking and erasure know about it.")
def personal_data_classified(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.writer() as con:
        unclassified = unclassified_pii_columns(con, load_registry())
    return dg.AssetCheckResult(
        passed=not unclassified,
        description="; ".join(f"{c['table']}.{c['column']}: {c['reason']}" for c in unclassified[:10])
        or "所有疑似个人信息列均已登记 / every personal-looking column is classified",
        metadata={"unclassified": len(unclassified), "columns": dg.MetadataValue.json(unclassified[:50])},
    )


QUALITY_CHECKS = [*(_raw_check(entity.table) for entity in ENTITIES), core_quality_check, forecast_quality_check,
                  personal_data_classified]
