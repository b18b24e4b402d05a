"""Great Expectations bookkeeping: one suite per table, results from the DuckDB engine, Data Docs.

The expectations are GE's own classes (see the rule modules); the engine computes their
outcome in SQL, and here the outcome is handed back to GE as validation results so GE's Data
Docs site renders suites and runs exactly as if GE had validated them itself.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import great_expectations as gx
from great_expectations.core import ExpectationSuiteValidationResult, ExpectationValidationResult
from great_expectations.core.run_identifier import RunIdentifier
from great_expectations.data_context.types.resource_identifiers import (
    ExpectationSuiteIdentifier,
    ValidationResultIdentifier,
)

from quality.engine import RuleResult


def _expectation_result(result: RuleResult) -> ExpectationValidationResult:
    column = result.rule.column
    values = [s.get(column) for s in result.failing_samples] if column in (result.failing_samples or [{}])[0] else []
    payload = {
        "element_count": result.element_count,
        "unexpected_count": result.unexpected_count,
        "unexpected_percent": result.unexpected_percent or 0.0,
        "partial_unexpected_list": json.loads(json.dumps(values, default=str)),
        "observed_value": f"{result.unexpected_count} unexpected / {result.element_count}",
    }
    exception = {"raised_exception": result.status == "error", "exception_message": result.detail,
                 "exception_traceback": None}
    return ExpectationValidationResult(success=result.status == "passed", result=payload,
                                       expectation_config=result.rule.expectation.configuration,
                                       exception_info=exception)


def build_data_docs(results: list[RuleResult], run_id: str, run_time: dt.datetime, directory: Path) -> Path:
    """Write a static GE Data Docs site for this run under `directory`; return its index.html.

    Skipped rules appear in the suites but not in the run (GE has no "skipped" outcome).
    """
    context = gx.get_context(mode="ephemeral")
    site = context.get_config().data_docs_sites["local_site"]
    site["store_backend"]["base_directory"] = str(directory)
    context.update_data_docs_site("local_site", site)
    run = RunIdentifier(run_name=run_id, run_time=run_time)
    by_table: dict[str, list[RuleResult]] = {}
    for result in results:
        by_table.setdefault(result.rule.table, []).append(result)
    for table, table_results in by_table.items():
        suite = context.suites.add(gx.ExpectationSuite(name=table))
        for result in table_results:
            suite.add_expectation(result.rule.expectation)
        ran = [_expectation_result(r) for r in table_results if r.status != "skipped"]
        passed = sum(r.success for r in ran)
        validation = ExpectationSuiteValidationResult(
            success=all(r.success for r in ran), results=ran, suite_name=table,
            statistics={"evaluated_expectations": len(ran), "successful_expectations": passed,
                        "unsuccessful_expectations": len(ran) - passed,
                        "success_percent": 100.0 * passed / len(ran) if ran else None},
            meta={"run_id": run, "active_batch_definition": {
                "datasource_name": "duckdb", "data_asset_name": table, "batch_definition_name": "whole_table"}},
        )
        key = ValidationResultIdentifier(ExpectationSuiteIdentifier(name=table), run, "whole_table")
        context.validation_results_store.set(key, validation)
    context.build_data_docs()
    return directory / "index.html"
