"""Row-level problems the loader must quarantine, injected at low documented rates.

One problem per bad row, so its truth is unambiguous: the rule and column recorded are the
first the loader meets (malformed record, then per column in contract order: missing,
unparseable, negative). Rules rotate per entity so small runs still show every kind.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ingestion.contract import NON_NEGATIVE_AMOUNTS, Entity

QUARANTINE_RATE = 0.003  # share of rows with one missing, unparseable or negative value
DUPLICATE_RATE = 0.001  # share of rows whose key is repeated by an earlier copy in the file
INVALID_RULE = {
    "int": "invalid_integer",
    "dec": "invalid_decimal",
    "money": "invalid_decimal",
    "date": "invalid_date",
    "ts": "invalid_timestamp",
    "bool": "invalid_boolean",
}
INVALID_TOKENS = {
    "int": ("abc", "十二", "1O", "#REF!"),
    "dec": ("abc", "12..5", "1O.5", "#VALUE!"),
    "date": ("{y}-13-45", "{y}-02-30", "31/31/{y}", "abc"),
    "ts": ("{y}-13-45 10:00:00", "{y}-02-30 25:61:00", "昨天"),
    "bool": ("maybe", "unknown", "X", "待定"),
}


@dataclass(frozen=True)
class Problem:
    row: int
    rule: str
    column: str


def candidate_rules(entity: Entity, *, typed: bool, db: bool) -> dict[str, list[str]]:
    """Rule -> columns it can hit in this entity, for the given kind of target."""
    rules: dict[str, list[str]] = {}
    # A database is read ordered by key and updated_at, and NULLs sort first or last depending
    # on the engine, so those columns are never NULL there.
    ordering = (*entity.key, "updated_at") if db else ()
    required = [c.name for c in entity.columns if c.required and c.name not in ordering]
    if required:
        rules["missing_required"] = required
    if not (typed or db):
        for column in entity.columns:
            if column.type in INVALID_RULE:
                rules.setdefault(INVALID_RULE[column.type], []).append(column.name)
    amounts = [c.name for c in entity.columns if c.name in NON_NEGATIVE_AMOUNTS]
    if amounts:
        rules["negative_amount"] = amounts
    return rules


class ProblemPlanner:
    """Chooses which rows get which problem; one rotating rule cycle per entity.

    Draws come from the generator passed per file, so a file's mess depends only on the file.
    """

    def __init__(self) -> None:
        self.turn: dict[str, int] = {}

    def plan(
        self,
        entity: Entity,
        cells_present: dict[str, np.ndarray],
        eligible: np.ndarray,
        rules: dict[str, list[str]],
        rng: np.random.Generator,
    ) -> list[Problem]:
        """Problems for one file; `cells_present[col]` marks rows where a value is present."""
        n = len(eligible)
        count = int(rng.binomial(n, QUARANTINE_RATE)) + (1 if n >= 20 else 0)
        free = eligible.copy()
        problems: list[Problem] = []
        names = sorted(rules)
        for _ in range(min(count, int(free.sum()))):
            turn = self.turn.get(entity.table, 0)
            self.turn[entity.table] = turn + 1
            rule = names[turn % len(names)]
            column = rules[rule][int(rng.integers(0, len(rules[rule])))]
            pool = free & cells_present[column] if rule in ("negative_amount", "missing_required") else free
            rows = np.flatnonzero(pool)
            if not len(rows):
                continue
            row = int(rows[rng.integers(0, len(rows))])
            free[row] = False
            problems.append(Problem(row, rule, column))
        return problems


def invalid_token(column_type: str, year: int, rng: np.random.Generator) -> str:
    tokens = INVALID_TOKENS["dec" if column_type == "money" else column_type]
    return tokens[int(rng.integers(0, len(tokens)))].format(y=year)


def duplicated_rows(eligible: np.ndarray, index: int, rng: np.random.Generator) -> np.ndarray:
    """Rows whose key an earlier copy repeats in the same file (in every third file at least one)."""
    n = len(eligible)
    count = int(rng.binomial(n, DUPLICATE_RATE)) + (1 if index % 3 == 0 and n >= 10 else 0)
    rows = np.flatnonzero(eligible)
    return np.sort(rng.choice(rows, min(count, len(rows)), replace=False)) if len(rows) else rows
