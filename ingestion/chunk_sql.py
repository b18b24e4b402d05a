"""The statements that type one chunk of text and decide, per row, whether it loads.

The first failing rule wins, checked column by column in contract order: a missing required
value, then a value that does not parse as the column's type, then a negative amount.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingestion.batches import LINE_COLUMN
from ingestion.contract import NON_NEGATIVE_AMOUNTS, Entity
from ingestion.schema import SQL_TYPES
from ingestion.sql_types import INVALID_RULES, PARSERS, literal

SEP = "\x1f"  # separates rule, column and detail in the reject marker
_TYPE_WORDS = {"int": "整数", "dec": "数值", "money": "金额", "date": "日期", "ts": "时间", "bool": "是/否"}


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def raw(name: str) -> str:
    """Name of the column holding a header column's untouched text inside the parsed chunk."""
    return quote("raw:" + name)



def _marker(rule: str, column: str, detail_sql: str) -> str:
    return f"{literal(rule + SEP + column + SEP)} || {detail_sql}"


def _checks(entity: Entity, header: tuple[str, ...]) -> list[str]:
    checks = []
    for column in entity.columns:
        if column.name not in header:
            continue
        text = f"so_text({raw(column.name)})"
        if column.required:
            checks.append(
                f"case when {text} is null then "
                f"{_marker('missing_required', column.name, literal('必填值为空 / required value is empty'))} end"
            )
        if column.type != "str":
            words = f"无法解析为{_TYPE_WORDS[column.type]} / not a valid {column.type}: "
            marker = _marker(INVALID_RULES[column.type], column.name, f"{literal(words)} || {text}")
            checks.append(f"case when {text} is not null and {quote(column.name)} is null then {marker} end")
        if column.name in NON_NEGATIVE_AMOUNTS:
            marker = _marker("negative_amount", column.name, f"{literal('金额为负 / negative amount: ')} || {text}")
            checks.append(f"case when {quote(column.name)} < 0 then {marker} end")
    return checks


@dataclass(frozen=True)
class ChunkStatements:
    parse: str  # creates temp table _parsed from the registered view _chunk
    insert_loaded: str  # params: batch_id, source_file, loaded_at
    insert_rejected: str  # params: batch_id, system, entity, source_file, quarantined_at
    drift: tuple[str, ...]


def chunk_statements(entity: Entity, header: tuple[str, ...]) -> ChunkStatements:
    contract_columns = set(entity.column_names)
    drift = tuple(h for h in header if h not in contract_columns)
    typed = []
    for column in entity.columns:
        if column.name in header:
            typed.append(f"{PARSERS[column.type]}({quote(column.name)}) as {quote(column.name)}")
        else:
            typed.append(f"null::{SQL_TYPES[column.type]} as {quote(column.name)}")
    raws = [f"{quote(h)} as {raw(h)}" for h in header]
    checks = _checks(entity, header)
    reject = f"coalesce({', '.join(checks)})" if checks else "null::varchar"
    parse = (
        "create or replace temp table _parsed as\n"
        f"select *, {reject} as _reject from (\n"
        f"    select {', '.join(typed + raws)}, {LINE_COLUMN}\n"
        "    from _chunk\n)"
    )
    extra = (
        "json_object(" + ", ".join(f"{literal(h)}, {raw(h)}" for h in drift) + ")" if drift else "null::json"
    )
    columns = ", ".join(quote(c) for c in entity.column_names)
    insert_loaded = (
        f"insert into raw.{entity.table} ({columns}, _extra, _batch_id, _source_file, _source_line, _loaded_at)\n"
        f"select {columns}, {extra}, $1, $2, {LINE_COLUMN}, $3 from _parsed where _reject is null"
    )
    raw_json = "json_object(" + ", ".join(f"{literal(h)}, {raw(h)}" for h in header) + ")"
    insert_rejected = (
        "insert into quarantine.rejected_rows (batch_id, source_system, entity, source_file, source_line,"
        " rule, column_name, detail, raw_values, quarantined_at)\n"
        f"select $1, $2, $3, $4, {LINE_COLUMN}, split_part(_reject, '{SEP}', 1),"
        f" split_part(_reject, '{SEP}', 2), substr(_reject, length(split_part(_reject, '{SEP}', 1))"
        f" + length(split_part(_reject, '{SEP}', 2)) + 3), {raw_json}, $5\n"
        "from _parsed where _reject is not null"
    )
    return ChunkStatements(parse, insert_loaded, insert_rejected, drift)


def duplicate_key_statements(entity: Entity) -> tuple[str, str]:
    """Quarantine, then delete, the earlier copies of a key repeated inside one batch.

    Both take the batch id as $1; the quarantine insert also takes system, entity and time.
    """
    keys = ", ".join(quote(k) for k in entity.key)
    values = "json_object(" + ", ".join(f"{literal(c)}, {quote(c)}::varchar" for c in entity.column_names) + ")"
    ranked = (
        f"select rowid as row_ref, _source_file, _source_line, {values} as raw_values,"
        f" row_number() over (partition by {keys} order by _source_line desc) as copy_rank,"
        f" max(_source_line) over (partition by {keys}) as kept_line"
        f" from raw.{entity.table} where _batch_id = $1"
    )
    quarantine = (
        "insert into quarantine.rejected_rows (batch_id, source_system, entity, source_file, source_line,"
        " rule, column_name, detail, raw_values, quarantined_at)\n"
        f"select $1, $2, $3, _source_file, _source_line, 'duplicate_key', null,"
        f" '同一文件中该主键在第 ' || kept_line || ' 行再次出现，以后者为准 / the key repeats on line '"
        f" || kept_line || ', the later copy loads', raw_values, $4 from ({ranked}) where copy_rank > 1"
    )
    delete = (
        f"delete from raw.{entity.table} where rowid in"
        f" (select row_ref from ({ranked}) where copy_rank > 1)"
    )
    return quarantine, delete
