"""The governance registry (governance.yml): owners, retention and PII classes, and the PII scan.

Classification lives in the registry, never in code: a business name such as product_name is
listed as `business_name` or `none` there, so the scan itself stays a plain pattern match.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import yaml

from quality.formats import EMAIL_PATTERN, MOBILE_PATTERN

REGISTRY_PATH = Path(__file__).with_name("governance.yml")
PII_CLASSES = frozenset({"name", "phone", "email", "birth_date", "id_number", "address", "none", "business_name"})
PERSONAL_NAME = re.compile(r"name|phone|mobile|email|e_mail|birth|id_card|id_number|address", re.IGNORECASE)
SAMPLE_ROWS = 200
VALUE_MATCH_SHARE = 0.2  # a column whose sampled values match phone/e-mail this often looks personal


@dataclass(frozen=True)
class Dataset:
    name: str
    owner: str
    retention_days: int | None
    columns: dict[str, str]


@dataclass(frozen=True)
class Registry:
    stewards: dict[str, str]
    scan_schemas: tuple[str, ...]
    datasets: dict[str, Dataset]

    def dataset(self, table: str) -> Dataset | None:
        """Exact entry first, then the first glob pattern (`sales.*`) that matches."""
        if table in self.datasets:
            return self.datasets[table]
        return next((d for pattern, d in self.datasets.items() if fnmatch.fnmatchcase(table, pattern)), None)

    def owner(self, table: str) -> str:
        dataset = self.dataset(table)
        return dataset.owner if dataset else ""

    def pii_class(self, table: str, column: str) -> str | None:
        dataset = self.dataset(table)
        return dataset.columns.get(column) if dataset else None


def load_registry(path: Path = REGISTRY_PATH) -> Registry:
    """Parse and check the registry; an unknown PII class is an error that names the column."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    datasets = {}
    for name, spec in data["datasets"].items():
        columns = dict(spec.get("columns") or {})
        unknown = {c: k for c, k in columns.items() if k not in PII_CLASSES}
        if unknown:
            raise ValueError(f"{path}: {name} 的 PII 分类无效 / unknown PII class {unknown}; use one of "
                             f"{sorted(PII_CLASSES)}")
        datasets[name] = Dataset(name, spec["owner"], spec.get("retention_days"), columns)
    return Registry(dict(data.get("stewards") or {}), tuple(data.get("scan_schemas") or ()), datasets)


def _looks_personal_by_values(con: duckdb.DuckDBPyConnection, table: str, column: str) -> bool:
    share = con.execute(
        f"select avg(case when regexp_full_match(v, ?) or regexp_full_match(v, ?) then 1 else 0 end)"
        f" from (select cast(\"{column}\" as varchar) as v from {table} where \"{column}\" is not null"
        f" limit {SAMPLE_ROWS})", [MOBILE_PATTERN, EMAIL_PATTERN]).fetchone()[0]
    return share is not None and share >= VALUE_MATCH_SHARE


def unclassified_pii_columns(con: duckdb.DuckDBPyConnection, registry: Registry) -> list[dict]:
    """Columns in the scanned schemas that look personal but have no PII class in the registry.

    Returns one dict per column (table, column, reason); empty means the check passes.
    """
    if not registry.scan_schemas:
        return []
    columns = con.execute(
        "select table_schema || '.' || table_name, column_name, data_type from information_schema.columns"
        " where table_catalog = current_database() and list_contains(?, table_schema)"
        " order by table_schema, table_name, ordinal_position", [list(registry.scan_schemas)]).fetchall()
    findings = []
    for table, column, data_type in columns:
        if registry.pii_class(table, column) is not None:
            continue
        if PERSONAL_NAME.search(column):
            reason = "列名像个人信息 / column name looks like personal data"
        elif data_type == "VARCHAR" and not column.startswith("_") and _looks_personal_by_values(con, table, column):
            reason = "取值像手机号或邮箱 / values look like phone numbers or e-mails"
        else:
            continue
        findings.append({"table": table, "column": column, "reason": reason})
    return findings
