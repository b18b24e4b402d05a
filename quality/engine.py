"""Evaluate rules in DuckDB: every row rule of a table in one vectorised scan, samples on failure.

Great Expectations has no DuckDB execution engine; running its expectations through pandas
would copy every table into Python. Here the counting is SQL and GE keeps the definitions
and renders the results (quality.gx_docs), so ten million rows validate in seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import duckdb
import pandas as pd

from quality.rules import Rule

Status = Literal["passed", "failed", "skipped", "error"]
LINEAGE = ("_source_file", "_source_line")


@dataclass(frozen=True)
class RuleResult:
    rule: Rule
    status: Status
    element_count: int = 0
    unexpected_count: int = 0
    failing_samples: tuple[dict, ...] = ()
    detail: str | None = None

    @property
    def success(self) -> bool | None:
        """None when the rule could not run (skipped); an error counts as a failure."""
        return None if self.status == "skipped" else self.status == "passed"

    @property
    def unexpected_percent(self) -> float | None:
        return 100.0 * self.unexpected_count / self.element_count if self.element_count else None


def _catalog(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    rows = con.execute("select table_schema || '.' || table_name, column_name from information_schema.columns"
                       " where table_catalog = current_database()").fetchall()
    catalog: dict[str, set[str]] = {}
    for table, column in rows:
        catalog.setdefault(table, set()).add(column)
    return catalog


def _skip_reason(rule: Rule, catalog: dict[str, set[str]]) -> str | None:
    if rule.table not in catalog:
        return f"表不存在，跳过 / table {rule.table} does not exist, rule skipped"
    missing = [c.strip() for c in (rule.column or "").split(",") if c.strip() and c.strip() not in catalog[rule.table]]
    if missing:
        return f"列不存在，跳过 / column {', '.join(missing)} not in {rule.table}, rule skipped"
    return None


def _records(cursor: duckdb.DuckDBPyConnection) -> list[dict]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _judge(rule: Rule, total: int, unexpected: int, samples: list[dict]) -> RuleResult:
    percent = 100.0 * unexpected / total if total else 0.0
    status: Status = "passed" if percent <= rule.max_unexpected_percent else "failed"
    return RuleResult(rule, status, total, unexpected, tuple(samples) if status == "failed" else ())


class Evaluator:
    """Holds the catalog and the registered invalid-value lists for one validation run."""

    def __init__(self, con: duckdb.DuckDBPyConnection, sample_size: int = 10) -> None:
        self.con = con
        self.sample_size = sample_size
        self.catalog = _catalog(con)
        self._registered: list[str] = []

    def run(self, rules: list[Rule]) -> list[RuleResult]:
        results: dict[str, RuleResult] = {}
        by_table: dict[str, list[tuple[Rule, str]]] = {}
        try:
            for rule in rules:
                reason = _skip_reason(rule, self.catalog)
                if reason:
                    results[rule.id] = RuleResult(rule, "skipped", detail=reason)
                elif rule.where or rule.value_check:
                    predicate = rule.sql(rule.where) if rule.where else self._invalid_values(rule)
                    by_table.setdefault(rule.table, []).append((rule, predicate))
                else:
                    results[rule.id] = self._guarded(rule, self._set_rule)
            for table, pairs in by_table.items():
                results.update(self._row_rules(table, pairs))
        finally:
            for name in self._registered:
                self.con.unregister(name)
        return [results[rule.id] for rule in rules]

    def _guarded(self, rule: Rule, evaluate) -> RuleResult:
        try:
            return evaluate(rule)
        except duckdb.Error as error:
            return RuleResult(rule, "error", detail=f"规则执行出错 / rule failed to run: {error}")

    def _invalid_values(self, rule: Rule) -> str:
        """Check each distinct value in Python once, then match rows against the invalid ones in SQL."""
        values = self.con.execute(f"select distinct {rule.column} from {rule.table} where {rule.column} is not null")
        invalid = [v for (v,) in values.fetchall() if not rule.value_check(str(v))]
        name = f"_quality_invalid_{len(self._registered)}"
        self.con.register(name, pd.DataFrame({"value": pd.Series(invalid, dtype="string")}))
        self._registered.append(name)
        return f"{rule.column} in (select value from {name})"

    def _sample(self, rule: Rule, query: str) -> list[dict]:
        columns = [c for c in dict.fromkeys((*rule.sample_columns, *LINEAGE)) if c in self.catalog[rule.table]]
        return _records(self.con.execute(f"select {', '.join(columns) or '*'} from ({query}) limit {self.sample_size}"))

    def _row_rules(self, table: str, pairs: list[tuple[Rule, str]]) -> dict[str, RuleResult]:
        counts = ", ".join(f"count(*) filter (where coalesce(({p}), false))" for _, p in pairs)
        try:
            row = self.con.execute(f"select count(*), {counts} from {table}").fetchone()
        except duckdb.Error as error:
            if len(pairs) == 1:
                rule = pairs[0][0]
                return {rule.id: RuleResult(rule, "error", detail=f"规则执行出错 / rule failed to run: {error}")}
            results: dict[str, RuleResult] = {}
            for pair in pairs:  # isolate the rule that breaks the combined scan
                results.update(self._row_rules(table, [pair]))
            return results
        results = {}
        for (rule, predicate), unexpected in zip(pairs, row[1:], strict=True):
            samples = self._sample(rule, f"select * from {table} where {predicate}") if unexpected else []
            results[rule.id] = _judge(rule, row[0], unexpected, samples)
        return results

    def _set_rule(self, rule: Rule) -> RuleResult:
        if rule.python_check:
            total, unexpected_rows = rule.python_check(self.con)
            return _judge(rule, total, len(unexpected_rows), unexpected_rows[: self.sample_size])
        query = rule.sql(rule.unexpected_sql)
        total = self.con.execute(rule.sql(rule.total_sql)).fetchone()[0]
        unexpected = self.con.execute(f"select count(*) from ({query})").fetchone()[0]
        samples = _records(self.con.execute(f"select * from ({query}) limit {self.sample_size}")) if unexpected else []
        return _judge(rule, total, unexpected, samples)


def evaluate(con: duckdb.DuckDBPyConnection, rules: list[Rule], sample_size: int = 10) -> list[RuleResult]:
    """Results in the order of `rules`; rules whose table or column is missing are skipped with a reason."""
    return Evaluator(con, sample_size).run(rules)
