"""Which CRM accounts and ERP customers are the same real customer, and by what evidence.

Evidence, strongest first (EXTRACTS.md): a steward's forced match, an ERP row's
`crm_account_id`, an equal valid USCC, the same normalised name in the same city. Edges are
joined strongest first, and an edge that would put a steward's forbidden pair into one
customer is skipped, so `forbid` always wins.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from matching.codes import valid_uscc
from matching.normalize import city_key, company_name_key

RULES = {  # rule -> (strength order, confidence given to a record matched by it)
    "steward_override": (0, 1.0),
    "crm_link": (1, 1.0),
    "uscc": (2, 0.99),
    "name_city": (3, 0.95),
    "single_record": (4, 1.0),
}

Key = tuple[str, str]  # (source_system, source_key)


@dataclass(frozen=True)
class Edge:
    left: Key
    right: Key
    rule: str


def source_records(crm_accounts: pd.DataFrame, erp_customers: pd.DataFrame) -> pd.DataFrame:
    """Both sources in one frame: source_system, source_key, name, uscc, city, crm_account_id."""
    crm = pd.DataFrame({
        "source_system": "crm", "source_key": crm_accounts["account_id"], "name": crm_accounts["account_name"],
        "uscc": crm_accounts["uscc"], "city": crm_accounts["city"], "crm_account_id": None,
    })
    erp = pd.DataFrame({
        "source_system": "erp", "source_key": erp_customers["customer_code"],
        "name": erp_customers["customer_name"], "uscc": erp_customers["uscc"], "city": erp_customers["city"],
        "crm_account_id": erp_customers["crm_account_id"],
    })
    records = pd.concat([crm, erp], ignore_index=True)
    records["name_key"] = records["name"].map(company_name_key)
    records["city_key"] = records["city"].map(city_key)
    records["valid_uscc"] = records["uscc"].map(valid_uscc)
    return records


def _group_edges(records: pd.DataFrame, columns: list[str], rule: str) -> Iterable[Edge]:
    """Chain every group of records sharing `columns` to its first member."""
    keyed = records.dropna(subset=columns).sort_values(["source_system", "source_key"])
    for _, group in keyed.groupby(columns, sort=True):
        keys = list(zip(group["source_system"], group["source_key"], strict=True))
        yield from (Edge(keys[0], other, rule) for other in keys[1:])


def evidence_edges(records: pd.DataFrame, overrides: pd.DataFrame) -> list[Edge]:
    known = set(zip(records["source_system"], records["source_key"], strict=True))
    edges = [
        Edge((r.left_system, r.left_key), (r.right_system, r.right_key), "steward_override")
        for r in overrides[overrides["decision"] == "force"].itertuples()
        if (r.left_system, r.left_key) in known and (r.right_system, r.right_key) in known
    ]
    crm_ids = set(records.loc[records["source_system"] == "crm", "source_key"])
    linked = records[(records["source_system"] == "erp") & records["crm_account_id"].isin(crm_ids)]
    edges += [Edge(("erp", k), ("crm", a), "crm_link") for k, a in zip(linked["source_key"], linked["crm_account_id"],
                                                                          strict=True)]
    edges += _group_edges(records.loc[records["valid_uscc"].astype(bool)], ["uscc"], "uscc")
    edges += _group_edges(records, ["name_key", "city_key"], "name_city")
    return sorted(edges, key=lambda e: RULES[e.rule][0])


class _Clusters:
    """Union-find that refuses a union which would join a forbidden pair."""

    def __init__(self, keys: Iterable[Key], forbidden: Iterable[tuple[Key, Key]]):
        self.parent = {k: k for k in keys}
        self.members = {k: {k} for k in self.parent}
        self.forbidden = [pair for pair in forbidden if pair[0] in self.parent and pair[1] in self.parent]

    def find(self, key: Key) -> Key:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, left: Key, right: Key) -> bool:
        a, b = self.find(left), self.find(right)
        if a == b:
            return True
        for x, y in self.forbidden:
            if {self.find(x), self.find(y)} == {a, b}:
                return False
        if len(self.members[a]) < len(self.members[b]):
            a, b = b, a
        self.parent[b] = a
        self.members[a] |= self.members.pop(b)
        return True


def match_customers(crm_accounts: pd.DataFrame, erp_customers: pd.DataFrame,
                    overrides: pd.DataFrame) -> pd.DataFrame:
    """One row per source record: its cluster (the real customer) and the evidence that put it there.

    Returns source_system, source_key, cluster_key (the smallest key of the cluster, stable for
    equal input), match_rule and match_confidence.
    """
    records = source_records(crm_accounts, erp_customers)
    keys = list(zip(records["source_system"], records["source_key"], strict=True))
    forbidden = [((r.left_system, r.left_key), (r.right_system, r.right_key))
                 for r in overrides[overrides["decision"] == "forbid"].itertuples()]
    clusters = _Clusters(keys, forbidden)
    best_rule: dict[Key, str] = {}
    for edge in evidence_edges(records, overrides):
        if clusters.union(edge.left, edge.right):
            for key in (edge.left, edge.right):
                if key not in best_rule or RULES[edge.rule][0] < RULES[best_rule[key]][0]:
                    best_rule[key] = edge.rule
    cluster_key = {}
    for key in sorted(keys):
        cluster_key.setdefault(clusters.find(key), key)
    rows = []
    for key in keys:
        rule = best_rule.get(key, "single_record")
        anchor = cluster_key[clusters.find(key)]
        rows.append((key[0], key[1], f"{anchor[0]}:{anchor[1]}", rule, RULES[rule][1]))
    return pd.DataFrame(rows, columns=["source_system", "source_key", "cluster_key", "match_rule", "match_confidence"])
