"""What a quality rule is: an id, its table and owner, a severity, and how to find unexpected rows.

A rule's evaluation is plain DuckDB SQL (see `quality.engine`); its Great Expectations
expectation is the definition stewards see in the suite and in Data Docs. `{batch}` in SQL
stands for the rule's table, the placeholder GE's UnexpectedRowsExpectation uses too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from great_expectations.expectations.expectation import Expectation

Severity = Literal["critical", "warning"]
Layer = Literal["raw", "core", "forecast"]

# Python check of one distinct value (True = valid) for checksums SQL cannot express.
ValueCheck = Callable[[str], bool]
# A rule evaluated outside SQL: (connection) -> (element_count, unexpected rows as dicts).
PythonCheck = Callable[[object], tuple[int, list[dict]]]


@dataclass(frozen=True)
class Rule:
    """One check; exactly one of `where`, `unexpected_sql`, `value_check` or `python_check` is set.

    - `where`: row predicate, unexpected when true (evaluated with the table's other row rules
      in one scan); `element_count` is the table's rows.
    - `value_check`: Python validity of each distinct non-null value of `column`.
    - `unexpected_sql` + `total_sql`: set-level rules (uniqueness, volume, referential checks).
    - `python_check`: anything else, e.g. the load reconciliation.
    Success means `unexpected_percent <= max_unexpected_percent`.
    """

    id: str
    table: str
    column: str | None
    severity: Severity
    description: str
    expectation: Expectation
    layer: Layer
    owner: str = ""
    where: str | None = None
    value_check: ValueCheck | None = None
    unexpected_sql: str | None = None
    total_sql: str | None = None
    python_check: PythonCheck | None = None
    max_unexpected_percent: float = 0.0
    sample_columns: tuple[str, ...] = field(default_factory=tuple)

    def sql(self, text: str) -> str:
        return text.replace("{batch}", self.table)


@dataclass(frozen=True)
class RuleSettings:
    """Thresholds the pipeline may tune; every default gives a sensible run with no setup."""

    now: dt.datetime
    freshness_days: int = 35  # the demo sources cut monthly; daily feeds pass a smaller N
    min_volume_ratio: float = 0.5
    volume_lookback: int = 7
    max_unknown_percent: float = 2.0
