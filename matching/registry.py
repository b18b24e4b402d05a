"""Golden customer codes that never change once given (EXTRACTS.md, Standard codes).

A cluster keeps the code its members already had. When new evidence merges clusters that
had codes, the oldest code (the lowest number) survives and the others are recorded as
retired; when a cluster splits, the part that cannot keep its old code gets a new one, so a
code never names two customers.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

CODE_PREFIX = "C"
CODE_DIGITS = 7

DDL = """
create schema if not exists mdm;
create table if not exists mdm.customer_registry (
    source_system varchar not null,
    source_key varchar not null,
    customer_code varchar not null,
    match_rule varchar not null,
    match_confidence double not null,
    first_seen_at timestamp not null,
    updated_at timestamp not null,
    primary key (source_system, source_key)
);
create table if not exists mdm.customer_code_retirements (
    retired_code varchar not null,
    surviving_code varchar not null,
    retired_at timestamp not null,
    reason varchar not null
);
"""


def _number(code: str) -> int:
    return int(code[len(CODE_PREFIX):])


def _format(number: int) -> str:
    return f"{CODE_PREFIX}{number:0{CODE_DIGITS}d}"


def assign_codes(previous: pd.DataFrame, matches: pd.DataFrame) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """Golden codes for this run's clusters, given the registry so far.

    Args:
        previous: source_system, source_key, customer_code of earlier runs.
        matches: match_customers() output for this run.

    Returns:
        matches with a customer_code column, and (retired_code, surviving_code) pairs.
    """
    columns = ["source_system", "source_key", "customer_code"]
    before = {(system, key): code for system, key, code in previous[columns].itertuples(index=False)}
    next_number = max((_number(c) for c in before.values()), default=0) + 1
    claims = []
    for cluster, group in matches.groupby("cluster_key", sort=True):
        members = zip(group["source_system"], group["source_key"], strict=True)
        codes = sorted({before[k] for k in members if k in before}, key=_number)
        claims.append((cluster, codes, len(group)))
    # Clusters holding the oldest codes choose first; a bigger cluster wins a tie after a split.
    claims.sort(key=lambda c: (_number(c[1][0]) if c[1] else float("inf"), -c[2], c[0]))
    taken: set[str] = set()
    code_of: dict[str, str] = {}
    retired: list[tuple[str, str]] = []
    for cluster, codes, _size in claims:
        free = [c for c in codes if c not in taken]
        if free:
            code = free[0]
            retired += [(old, code) for old in free[1:]]
        else:
            code = _format(next_number)
            next_number += 1
        taken.add(code)
        code_of[cluster] = code
    retired = [(old, new) for old, new in retired if old not in taken]
    return matches.assign(customer_code=matches["cluster_key"].map(code_of)), retired


def update_registry(con: duckdb.DuckDBPyConnection, matches: pd.DataFrame, run_at: dt.datetime) -> dict[str, int]:
    """Persist this run's codes; keys no longer delivered keep their last code as history.

    A row changes (and gets a new updated_at) only when its code or evidence changed, so the same
    input twice leaves the registry byte-identical.
    """
    con.execute(DDL)
    previous = con.execute("select source_system, source_key, customer_code from mdm.customer_registry").df()
    coded, retired = assign_codes(previous, matches)
    con.register("_coded", coded[["source_system", "source_key", "customer_code", "match_rule", "match_confidence"]])
    changed = con.execute("""
        select count(*) from _coded c join mdm.customer_registry r using (source_system, source_key)
        where r.customer_code <> c.customer_code
    """).fetchone()[0]
    con.execute("""
        insert into mdm.customer_registry
        select source_system, source_key, customer_code, match_rule, match_confidence, $run_at, $run_at from _coded
        on conflict (source_system, source_key) do update set
            customer_code = excluded.customer_code, match_rule = excluded.match_rule,
            match_confidence = excluded.match_confidence, updated_at = excluded.updated_at
        where customer_registry.customer_code <> excluded.customer_code
            or customer_registry.match_rule <> excluded.match_rule
            or customer_registry.match_confidence <> excluded.match_confidence
    """, {"run_at": run_at})
    con.unregister("_coded")
    if retired:
        con.executemany("insert into mdm.customer_code_retirements values (?, ?, ?, 'merged by new evidence')",
                        [[old, new, run_at] for old, new in retired])
    return {
        "records": len(coded),
        "customers": coded["customer_code"].nunique(),
        "new_codes": len(set(coded["customer_code"]) - set(previous["customer_code"])),
        "codes_changed": int(changed),
        "codes_retired": len(retired),
    }
