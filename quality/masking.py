"""Masking and pseudonymisation of personal data, in Python and as DuckDB SQL expressions.

Both forms give identical output so a value masked in a report equals the one a SQL view shows.
Chinese names keep the first character and mask the rest (`欧阳娜娜` → `欧***`): a compound
surname is not detectable from the characters alone, and revealing less is the safe side.
Values that do not look like a phone or e-mail are masked whole rather than passed through.
"""

from __future__ import annotations

import hashlib

from ingestion.sql_types import literal
from quality.formats import EMAIL_PATTERN, MOBILE_PATTERN, is_email, is_mobile


def mask_phone(value: str | None) -> str | None:
    """`13812345678` → `138****5678`; anything else that is not empty → `****`."""
    if value is None or value == "":
        return value
    return f"{value[:3]}****{value[-4:]}" if is_mobile(value) else "****"


def mask_email(value: str | None) -> str | None:
    """`zhang@example.com` → `z***@example.com` (the domain stays, for support and analysis)."""
    if value is None or value == "":
        return value
    if not is_email(value):
        return "***"
    local, domain = value.split("@", 1)
    return f"{local[0]}***@{domain}"


def mask_name(value: str | None) -> str | None:
    """`张三` → `张*`, `欧阳娜娜` → `欧***`: first character kept, one `*` per masked character."""
    if value is None or value == "":
        return value
    return value[0] + "*" * (len(value) - 1)


def pseudonym(value: str | None, salt: str) -> str | None:
    """Hex sha256 of salt + value: a stable join key that hides the value from whoever lacks the salt."""
    if value is None:
        return None
    if not salt:
        raise ValueError("pseudonym needs a non-empty salt; the pipeline reads it from its environment")
    return hashlib.sha256((salt + value).encode("utf-8")).hexdigest()



def mask_phone_sql(column: str) -> str:
    return (f"case when {column} is null or {column} = '' then {column}"
            f" when regexp_full_match({column}, {literal(MOBILE_PATTERN)})"
            f" then left({column}, 3) || '****' || right({column}, 4) else '****' end")


def mask_email_sql(column: str) -> str:
    return (f"case when {column} is null or {column} = '' then {column}"
            f" when regexp_full_match({column}, {literal(EMAIL_PATTERN)})"
            f" then left({column}, 1) || '***@' || split_part({column}, '@', 2) else '***' end")


def mask_name_sql(column: str) -> str:
    return (f"case when {column} is null or {column} = '' then {column}"
            f" else left({column}, 1) || repeat('*', length({column}) - 1) end")


def pseudonym_sql(column: str, salt: str) -> str:
    if not salt:
        raise ValueError("pseudonym_sql needs a non-empty salt; the pipeline reads it from its environment")
    return f"sha256({literal(salt)} || {column})"


def mask_sql(pii_class: str, column: str) -> str:
    """SQL that masks `column` by its governance PII class (see quality/governance.yml).

    Birth dates keep the year (age bands still work); id numbers and addresses are hidden whole.
    """
    masks = {
        "phone": mask_phone_sql, "email": mask_email_sql, "name": mask_name_sql,
        "birth_date": lambda c: f"cast(date_trunc('year', {c}) as date)",
        "id_number": lambda c: f"case when {c} is null then null else '***' end",
        "address": lambda c: f"case when {c} is null then null else '***' end",
        "none": lambda c: c, "business_name": lambda c: c,
    }
    if pii_class not in masks:
        raise ValueError(f"未知的 PII 分类 / unknown PII class {pii_class!r}; known: {sorted(masks)}")
    return masks[pii_class](column)
