"""Right to erasure (PIPL art. 47, GDPR art. 17) for one POS member or one business customer.

Personal columns become null, names become the erased key, and every key of the person becomes
`ERASED-<salted hash prefix>` in every table (raw, quarantine, dbt models, snapshot history), so
business facts keep their amounts under a pseudonymous key and the next dbt run rebuilds the same
state. The suppression list keeps the person from coming back with the next delivery, and the
log records what was touched without any personal data. DuckDB keeps old row versions in freed
blocks of the file, so afterwards `ingestion.warehouse_file.rewrite` rewrites the file (see docs/quality.md).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ingestion.suppression import (
    KEY_COLUMNS,
    ensure_suppression_table,
    erased_key,
    key_pseudonym,
    normalize_key,
)

LOG_DDL = """
create table if not exists audit.erasure_log (
    erasure_id varchar primary key,
    subject_type varchar not null,
    pseudonym varchar not null,
    tables_touched json not null,
    rows_touched bigint not null,
    requested_by varchar not null,
    reason varchar,
    erased_at timestamp not null
)
"""
# Columns holding personal data (contract `pii`) and names of the subject, in any schema.
PERSONAL_COLUMNS = frozenset({"member_name", "phone", "birth_date", "decision_maker_name", "decision_maker_phone",
                              "decision_maker_email", "uscc"})
SUBJECT_NAME_COLUMNS = frozenset({"account_name", "customer_name"})  # overwritten for customers only
NAME_COLUMNS = frozenset({"member_name", "decision_maker_name"}) | SUBJECT_NAME_COLUMNS
CONTACT_COLUMNS = frozenset({"phone", "decision_maker_phone", "decision_maker_email"})
KEY_FIELDS = {"member_id": "member", "account_id": "crm_account", "crm_account_id": "crm_account"}
SKIPPED_TABLES = frozenset({"audit.erasure_log", "audit.erasure_suppressions"})
ERASED_TEXT = "已删除 / erased"


@dataclass
class Subject:
    """One person to erase: their keys per key type and the personal values to hunt down."""

    subject_type: str  # member | customer
    pseudonym: str
    keys: dict[str, set[str]]  # key type -> normalised source keys
    names: set[str] = field(default_factory=set)  # people's names: common, so only cleared next to a key
    companies: set[str] = field(default_factory=set)  # a customer's own names, cleared wherever whole
    contacts: set[str] = field(default_factory=set)  # phones and e-mails, unique, cleared wherever seen


@dataclass(frozen=True)
class ErasureResult:
    erasure_id: str
    subject_type: str
    pseudonym: str
    touched: dict[str, int]  # table -> rows changed

    @property
    def rows(self) -> int:
        return sum(self.touched.values())


def erase_member(con: duckdb.DuckDBPyConnection, member_id: str, salt: str, reason: str | None,
                 requested_by: str) -> ErasureResult:
    """Erase a POS member in `con`'s warehouse; then close `con` and rewrite the file (`warehouse_file.rewrite`)."""
    subject = Subject("member", key_pseudonym("member", member_id, salt), {"member": {normalize_key(member_id)}})
    return _erase(con, subject, salt, reason, requested_by)


def erase_customer(con: duckdb.DuckDBPyConnection, customer_code: str, salt: str, reason: str | None,
                   requested_by: str) -> ErasureResult:
    """Erase a business customer by golden code: its CRM accounts and ERP customers (from the registry).

    The golden code itself stays on the facts: it is the warehouse's own surrogate, and once every
    source key, name and contact behind it is gone it points at no one.
    """
    lookups = [t for t in ("mdm.customer_registry", "core.customer_xref") if t in _tables(con)]
    rows = {r for t in lookups for r in con.execute(
        f"select source_system, source_key from {t} where customer_code = ?", [customer_code]).fetchall()}
    if not rows:
        raise LookupError(f"未找到客户 / no customer with golden code {customer_code!r} in mdm.customer_registry")
    keys: dict[str, set[str]] = {"crm_account": set(), "erp_customer": set()}
    for system, key in rows:
        keys["crm_account" if system == "crm" else "erp_customer"].add(normalize_key(key))
    subject = Subject("customer", key_pseudonym("customer", customer_code, salt), keys)
    return _erase(con, subject, salt, reason, requested_by)


def _erase(con: duckdb.DuckDBPyConnection, subject: Subject, salt: str, reason: str | None,
           requested_by: str) -> ErasureResult:
    """The scrub and its log entry commit together, so an erasure is never done without its record."""
    _collect_values(con, subject, _tables(con))
    with _transaction(con):
        touched = _scrub(con, subject, salt)
        result = ErasureResult(str(uuid.uuid4()), subject.subject_type, subject.pseudonym, touched)
        _record(con, subject, salt, result, reason, requested_by)
    con.execute("checkpoint")
    return result


def _collect_values(con, subject: Subject, tables: dict[str, dict[str, str]]) -> None:
    """The subject's names, phones and e-mails from the raw master records, to find copies elsewhere."""
    for key_type, normalised in subject.keys.items():
        master, key_column = KEY_COLUMNS[key_type][0]
        columns = [c for c in tables.get(f"raw.{master}", {}) if c in NAME_COLUMNS | CONTACT_COLUMNS]
        matched = _matching(con, f"raw.{master}", key_column, normalised)
        if not columns or not matched:
            continue
        for row in con.execute(f"select {', '.join(columns)} from raw.{master} where list_contains(?, {key_column})",
                               [matched]).fetchall():
            for column, value in zip(columns, row, strict=True):
                if isinstance(value, str) and len(value.strip()) >= 2:
                    kind = (subject.companies if column in SUBJECT_NAME_COLUMNS
                            else subject.names if column in NAME_COLUMNS else subject.contacts)
                    kind.add(value.strip())


def _scrub(con: duckdb.DuckDBPyConnection, subject: Subject, salt: str) -> dict[str, int]:
    touched: dict[str, int] = {}
    for table, columns in _tables(con).items():
        rows = _scrub_keys(con, subject, salt, table, columns) + _scrub_values(con, subject, salt, table, columns)
        if rows:
            touched[table] = rows
    return touched


def _key_places(table: str, columns: dict[str, str]) -> Iterable[tuple[str, str, str]]:
    """(column, key type, form) for every column of `table` that holds a subject key.

    form: `plain` (the key itself), `member_code` (dim_customer style `MBR-<id>`), or `source_key`.
    """
    schema = table.split(".")[0]
    for column in columns:
        if column == "member_id":
            yield column, "member", "plain"
        elif column in ("account_id", "crm_account_id"):
            yield column, "crm_account", "plain"
        elif column == "customer_code" and schema in ("raw", "staging", "snapshots"):
            yield column, "erp_customer", "plain"
        elif column == "customer_code":
            yield column, "member", "member_code"
        elif column == "source_key" and "match_rule" in columns:
            yield column, "crm_account", "source_key"
            yield column, "erp_customer", "source_key"


def _scrub_keys(con, subject: Subject, salt: str, table: str, columns: dict[str, str]) -> int:
    rows = 0
    for column, key_type, form in _key_places(table, columns):
        for key in subject.keys.get(key_type, ()):
            new = erased_key(key_pseudonym(key_type, key, salt))
            where = f"{column} = $old"
            if form == "member_code":
                spellings, new = ["MBR-" + key], "MBR-" + new
            elif form == "source_key":
                spellings = [key]
                where += f" and source_system = '{'crm' if key_type == 'crm_account' else 'erp'}'"
            else:
                spellings = _matching(con, table, column, {key})
            sets = ", ".join([f"{column} = $new", *_row_scrub(subject, columns, column)])
            for old in spellings:
                rows += con.execute(f"update {table} set {sets} where {where}", {"old": old, "new": new}).fetchone()[0]
    return rows


def _row_scrub(subject: Subject, columns: dict[str, str], key_column: str) -> list[str]:
    """Assignments that erase the rest of a row whose key belongs to the subject."""
    sets = [f"{c} = null" for c in columns if c in PERSONAL_COLUMNS]
    if subject.subject_type == "customer" and key_column != "crm_account_id":  # a link, not the row's own key
        sets += [f"{c} = $new" for c in columns if c in SUBJECT_NAME_COLUMNS]
    if "_extra" in columns:
        sets.append("_extra = null")
    if "dbt_scd_id" in columns and key_column in ("customer_code", "account_id"):
        sets.append("dbt_scd_id = md5($new || '|' || coalesce(cast(dbt_updated_at as varchar), ''))")
    if "customer_key" in columns and key_column == "customer_code":
        sets.append("customer_key = md5($new || '|' || cast(valid_from as varchar))")
    return sets


def _scrub_values(con, subject: Subject, salt: str, table: str, columns: dict[str, str]) -> int:
    """Copies outside the keyed rows: quarantine raw values, drift JSON, details and other text columns.

    Personal columns are skipped here: the key decides about them, so a namesake keeps their name.
    """
    needles = sorted(subject.contacts | subject.companies | {k for keys in subject.keys.values() for k in keys})
    rows = 0
    for column in (c for c, t in columns.items() if t in ("VARCHAR", "JSON") and c not in PERSONAL_COLUMNS):
        hits = con.execute(f"select rowid, {column}::varchar from {table} where"
                           f" list_bool_or([contains(upper({column}::varchar), upper(v)) for v in $needles])",
                           {"needles": needles}).fetchall()
        for rowid, text in hits:
            if columns[column] == "JSON":
                cleaned = _clean_json(text, subject, salt)
            elif text.strip() in subject.companies or any(c in text for c in subject.contacts):
                cleaned = ERASED_TEXT
            else:
                cleaned = text
            if cleaned != text:
                con.execute(f"update {table} set {column} = ? where rowid = ?", [cleaned, rowid])
                rows += 1
    return rows


def _clean_json(text: str, subject: Subject, salt: str) -> str | None:
    """Scrub one JSON object field by field; the rest stays as evidence of why the row was refused.

    A record is the subject's when one of its keys or contacts is theirs; then its personal
    fields and their names go too.
    """
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    original = dict(data)
    tied = any(isinstance(v, str) and any(c in v for c in subject.contacts) for v in data.values())
    for name, value in data.items():
        key_type = "erp_customer" if name == "customer_code" else KEY_FIELDS.get(name)
        if isinstance(value, str) and key_type and normalize_key(value) in subject.keys.get(key_type, ()):
            data[name] = erased_key(key_pseudonym(key_type, value, salt))
            tied = True
    if tied:
        for name, value in data.items():
            if isinstance(value, str) and (name in PERSONAL_COLUMNS | NAME_COLUMNS or value.strip() in subject.names
                                           or any(c in value for c in subject.contacts | subject.companies)):
                data[name] = None
    return text if data == original else json.dumps(data, ensure_ascii=False)


def _record(con, subject: Subject, salt: str, result: ErasureResult, reason: str | None, requested_by: str) -> None:
    ensure_suppression_table(con)
    con.execute(LOG_DDL)
    now = dt.datetime.now().replace(microsecond=0)
    for key_type, keys in subject.keys.items():
        for key in keys:
            con.execute("insert into audit.erasure_suppressions values (?, ?, ?) on conflict do nothing",
                        [key_type, key_pseudonym(key_type, key, salt), now])
    con.execute("insert into audit.erasure_log values (?, ?, ?, ?, ?, ?, ?, ?)",
                [result.erasure_id, subject.subject_type, subject.pseudonym, json.dumps(result.touched),
                 result.rows, requested_by, reason, now])


def file_contains(path: Path, values: Iterable[str]) -> list[str]:
    """The values whose UTF-8 or GB18030 bytes occur anywhere in the file (the erasure proof)."""
    data = path.read_bytes()
    return [v for v in values if v.encode("utf-8") in data or v.encode("gb18030") in data]


def _tables(con) -> dict[str, dict[str, str]]:
    """Every base table of the connection's database with its columns and types."""
    tables: dict[str, dict[str, str]] = {}
    for schema, table, column, data_type in con.execute(
            "select c.schema_name, c.table_name, c.column_name, c.data_type from duckdb_columns() c"
            " join duckdb_tables() t using (database_name, schema_name, table_name)"
            " where c.database_name = current_database() and not t.temporary"
            " order by c.schema_name, c.table_name, c.column_index").fetchall():
        name = f"{schema}.{table}"
        if name not in SKIPPED_TABLES:
            tables.setdefault(name, {})[column] = data_type
    return tables


def _matching(con, table: str, column: str, normalised: set[str]) -> list[str]:
    """The stored spellings of a key (full-width, spaces, case) that normalise to one of `normalised`."""
    values = con.execute(f"select distinct {column} from {table} where {column} is not null").fetchall()
    return [v for (v,) in values if normalize_key(str(v)) in normalised]


@contextlib.contextmanager
def _transaction(con) -> Iterator[None]:
    """All of one database's changes commit together, or none do."""
    con.execute("begin transaction")
    try:
        yield
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")
