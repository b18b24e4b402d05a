"""Validate the warehouse: pick the rules for a scope, evaluate, persist, optionally render Data Docs.

The public entry point for the pipeline. It raises nothing on failing data: the caller (a
blocking Dagster asset check) decides, from `ValidationOutcome.failed_critical`, what to stop.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb

from quality.core_rules import core_rules, forecast_rules
from quality.delivery_rules import delivery_rules
from quality.engine import RuleResult, evaluate
from quality.governance import Registry, load_registry
from quality.gx_docs import build_data_docs
from quality.raw_rules import SEEDS_DIR, raw_rules
from quality.rules import Rule, RuleSettings
from quality.store import ensure_quality_schema, save_run

LAYERS = ("raw", "core", "forecast")


@dataclass(frozen=True)
class ValidationOutcome:
    run_id: str
    scope: str
    started_at: dt.datetime
    finished_at: dt.datetime
    results: tuple[RuleResult, ...]
    data_docs_index: Path | None = None

    @property
    def failed(self) -> list[RuleResult]:
        return [r for r in self.results if r.success is False]

    @property
    def failed_critical(self) -> list[RuleResult]:
        return [r for r in self.failed if r.rule.severity == "critical"]

    @property
    def failed_warning(self) -> list[RuleResult]:
        return [r for r in self.failed if r.rule.severity == "warning"]

    @property
    def skipped(self) -> list[RuleResult]:
        return [r for r in self.results if r.status == "skipped"]

    @property
    def success(self) -> bool:
        """True when no critical rule failed; warnings are reported, never blocking."""
        return not self.failed_critical

    def message(self, limit: int = 5) -> str:
        """A headline, then one bilingual line per failed rule (critical ones, or the warnings when nothing
        critical failed): rule, table, counts and a sample row."""
        if self.success:
            lines = [f"数据质量校验通过 / data quality passed: {len(self.results) - len(self.skipped)} 条规则 rules,"
                     f" {len(self.failed_warning)} 条警告 warnings (run {self.run_id})"]
            listed = self.failed_warning
        else:
            lines = [f"数据质量严重规则失败 / critical data-quality rules failed: {len(self.failed_critical)}"
                     f" (run {self.run_id})"]
            listed = self.failed_critical
        for r in listed[:limit]:
            sample = json.dumps(r.failing_samples[0], ensure_ascii=False, default=str) if r.failing_samples else "-"
            detail = r.detail or f"{r.unexpected_count}/{r.element_count} 行异常 rows unexpected"
            lines.append(f"- {r.rule.id} [{r.rule.table}] {r.rule.description}: {detail}; 样例 sample: {sample}")
        if len(listed) > limit:
            more = len(listed) - limit
            lines.append(f"- ... 另有 {more} 条 / {more} more")
        return "\n".join(lines)


def select_rules(scope: str, settings: RuleSettings, registry: Registry, seeds_dir: Path = SEEDS_DIR) -> list[Rule]:
    """Rules for a scope: `all`, a layer (`raw`, `core`, `forecast`) or one table (`raw.pos__transactions`)."""
    rules = [*raw_rules(seeds_dir), *delivery_rules(settings), *core_rules(settings), *forecast_rules()]
    if scope in LAYERS:
        rules = [r for r in rules if r.layer == scope]
    elif scope != "all":
        rules = [r for r in rules if r.table == scope]
        if not rules:
            raise ValueError(f"没有规则 / no rules for scope {scope!r}; use all, {', '.join(LAYERS)} or a table name")
    return [dataclasses.replace(r, owner=registry.owner(r.table)) for r in rules]


def validate(
    con: duckdb.DuckDBPyConnection,
    scope: str = "all",
    now: dt.datetime | None = None,
    *,
    settings: RuleSettings | None = None,
    registry: Registry | None = None,
    data_docs_dir: Path | None = None,
    persist: bool = True,
) -> ValidationOutcome:
    """Run the rules of `scope` against the warehouse and record them in quality.*.

    Args:
        con: a writable connection (read-only works with `persist=False`).
        scope: `all`, `raw`, `core`, `forecast` or a table name such as `raw.pos__transactions`.
        now: the reference time for freshness (default: the current local time); ignored when
            `settings` is given, which carries its own `now`.
        settings: thresholds (freshness days, volume ratio, UNKNOWN share).
        registry: governance registry for owners (default: quality/governance.yml).
        data_docs_dir: when given, GE Data Docs for this run are written there.
        persist: write quality.validation_runs and quality.rule_results.
    """
    started_at = dt.datetime.now()
    settings = settings or RuleSettings(now=now or started_at)
    rules = select_rules(scope, settings, registry or load_registry())
    results = evaluate(con, rules)
    finished_at = dt.datetime.now()
    run_id = f"{started_at:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    outcome = ValidationOutcome(run_id, scope, started_at, finished_at, tuple(results))
    if persist:
        ensure_quality_schema(con)
        save_run(con, _run_row(outcome), results, finished_at)
    if data_docs_dir is not None:
        index = build_data_docs(results, run_id, started_at, Path(data_docs_dir))
        outcome = dataclasses.replace(outcome, data_docs_index=index)
    return outcome


def _run_row(outcome: ValidationOutcome) -> dict:
    ran = [r for r in outcome.results if r.status != "skipped"]
    return {
        "run_id": outcome.run_id, "started_at": outcome.started_at, "finished_at": outcome.finished_at,
        "scope": outcome.scope, "success": outcome.success, "rules_evaluated": len(ran),
        "rules_passed": sum(r.status == "passed" for r in ran), "rules_failed": len(outcome.failed),
        "rules_skipped": len(outcome.skipped), "critical_failed": len(outcome.failed_critical),
        "warning_failed": len(outcome.failed_warning),
    }
