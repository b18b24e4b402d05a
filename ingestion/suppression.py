"""Erased people stay erased: rows of a suppressed person load pseudonymised, never as delivered.

Source systems keep sending a person after the warehouse erased them (the next daily snapshot,
a re-delivered file). `audit.erasure_suppressions` holds only salted pseudonyms of the erased
keys, so the loader hashes each incoming key with the same secret salt to recognise them. A
suppressed row still loads (or is quarantined) so rows read = loaded + quarantined holds: its
key becomes `ERASED-<hash prefix>`, personal columns become null, names become that key.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import duckdb

from ingestion.chunk_sql import SEP, quote, raw
from ingestion.contract import ENTITIES_BY_TABLE
from quality.masking import pseudonym

SUPPRESSIONS_DDL = """
create schema if not exists audit;
create table if not exists audit.erasure_suppressions (
    subject_type varchar not null,
    pseudonym varchar not null,
    erased_at timestamp not null,
    primary key (subject_type, pseudonym)
)
"""

# Key type -> the raw table columns that hold such a key. The first table is the master record.
KEY_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "member": (("pos__members", "member_id"), ("pos__transactions", "member_id")),
    "crm_account": (("crm__accounts", "account_id"), ("crm__opportunities", "account_id"),
                    ("crm__activities", "account_id"), ("crm__service_tickets", "account_id"),
                    ("erp__customers", "crm_account_id")),
    "erp_customer": (("erp__customers", "customer_code"), ("erp__sales_orders", "customer_code"),
                     ("erp__invoices", "customer_code")),
}
# Identifying columns of a master record that are not `pii` in the contract but name the subject:
# names become the erased key (they are required), registration numbers become null.
IDENTIFYING_COLUMNS: dict[str, dict[str, str]] = {
    "crm__accounts": {"account_name": "key", "uscc": "null"},
    "erp__customers": {"customer_name": "key", "uscc": "null"},
}


def normalize_key(value: str) -> str:
    """A source key as staging normalises it: half-width, no spaces, upper case."""
    return "".join(unicodedata.normalize("NFKC", value).split()).upper()


def key_pseudonym(key_type: str, value: str, salt: str) -> str:
    """Salted sha256 of a normalised key, namespaced by its type so equal codes of two systems differ."""
    return pseudonym(f"{key_type}:{normalize_key(value)}", salt)


def erased_key(key_pseudonym_hex: str) -> str:
    return "ERASED-" + key_pseudonym_hex[:16]


def master_columns(table: str) -> dict[str, str]:
    """Columns of a master table to overwrite for an erased row: column -> 'null' or 'key'."""
    columns = {c.name: "null" for c in ENTITIES_BY_TABLE[table].columns if c.pii}
    columns.update(IDENTIFYING_COLUMNS.get(table, {}))
    return columns


def ensure_suppression_table(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(SUPPRESSIONS_DDL)


def suppressed(con: duckdb.DuckDBPyConnection, key_type: str) -> frozenset[str]:
    """Pseudonyms of the erased keys of one type; empty when nothing was ever erased."""
    exists = con.execute("select count(*) from duckdb_tables() where database_name = current_database()"
                         " and schema_name = 'audit' and table_name = 'erasure_suppressions'").fetchone()[0]
    if not exists:
        return frozenset()
    rows = con.execute("select pseudonym from audit.erasure_suppressions where subject_type = ?", [key_type])
    return frozenset(r[0] for r in rows.fetchall())


@dataclass(frozen=True)
class ChunkSuppressor:
    """Rewrites the erased people's rows of the parsed chunk (temp table `_parsed`) before they land."""

    table: str
    salt: str | None
    keys: tuple[tuple[str, frozenset[str]], ...]  # (key column, suppressed pseudonyms of its key type)
    key_types: dict[str, str]

    @classmethod
    def for_table(cls, con: duckdb.DuckDBPyConnection, table: str, salt: str | None) -> ChunkSuppressor:
        keys, key_types = [], {}
        for key_type, places in KEY_COLUMNS.items():
            for place_table, column in places:
                pseudonyms = suppressed(con, key_type) if place_table == table else frozenset()
                if pseudonyms:
                    keys.append((column, pseudonyms))
                    key_types[column] = key_type
        return cls(table, salt, tuple(keys), key_types)

    def apply(self, con: duckdb.DuckDBPyConnection, header: tuple[str, ...]) -> None:
        for column, pseudonyms in self.keys:
            if column not in header:
                continue
            if not self.salt:
                raise RuntimeError(
                    "有已删除的个人，但加载器没有 PII 盐值 / people were erased but the loader got no PII salt;"
                    " pass pii_salt (settings.pii_salt) so their rows load pseudonymised")
            values = [r[0] for r in con.execute(f"select distinct {quote(column)} from _parsed"
                                                f" where {quote(column)} is not null").fetchall()]
            key_type = self.key_types[column]
            for value in values:
                hashed = key_pseudonym(key_type, value, self.salt)
                if hashed in pseudonyms:
                    self._rewrite(con, header, column, value, erased_key(hashed))

    def scrub_record(self, values: dict[str, str | None]) -> dict[str, str | None]:
        """A malformed record of an erased person, as it goes to quarantine: key erased, the rest dropped."""
        for column, pseudonyms in self.keys:
            value = values.get(column)
            if value and self.salt and key_pseudonym(self.key_types[column], value, self.salt) in pseudonyms:
                return {column: erased_key(key_pseudonym(self.key_types[column], value, self.salt))}
        return values

    def _rewrite(self, con: duckdb.DuckDBPyConnection, header: tuple[str, ...], column: str, value: str,
                 replacement: str) -> None:
        is_master = KEY_COLUMNS[self.key_types[column]][0][0] == self.table
        targets = {column: "key"}
        if is_master:
            targets.update(master_columns(self.table))
        contract = set(ENTITIES_BY_TABLE[self.table].column_names)
        sets = [f"{quote(c)} = {'$1' if how == 'key' else 'null'}" for c, how in targets.items()]
        sets += [f"{raw(c)} = {'$1' if targets.get(c) == 'key' else 'null'}" for c in header
                 if c in targets or c not in contract]  # drift columns may hold anything: dropped
        sets.append(f"_reject = case when _reject is null then null else split_part(_reject, '{SEP}', 1) || '{SEP}'"
                    f" || split_part(_reject, '{SEP}', 2) || '{SEP}' || '已删除 / erased' end")
        con.execute(f"update _parsed set {', '.join(sets)} where {quote(column)} = $2", [replacement, value])
