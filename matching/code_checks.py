"""Validity of every USCC and barcode the warehouse holds, for dbt models to join.

Computed with python-stdnum here rather than re-implemented in SQL, and written as a plain
table so the same dbt models build on DuckDB and PostgreSQL.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from matching.codes import valid_ean13, valid_uscc

_CODES = """
select distinct 'uscc' as code_type, uscc as code from staging.stg_crm__accounts where uscc is not null
union
select distinct 'uscc', uscc from staging.stg_erp__customers where uscc is not null
union
select distinct 'ean13', barcode from staging.stg_erp__products where barcode is not null
union
select distinct 'ean13', barcode from staging.stg_pos__transactions where barcode is not null
"""
_VALIDATORS = {"uscc": valid_uscc, "ean13": valid_ean13}


def refresh_code_checks(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rewrite mdm.code_checks(code_type, code, is_valid); returns invalid counts per code type."""
    codes = con.execute(_CODES).df()
    checks = codes.assign(is_valid=[_VALIDATORS[t](c) for t, c in zip(codes["code_type"], codes["code"], strict=True)])
    checks = checks.astype({"is_valid": bool}) if len(checks) else pd.DataFrame(
        {"code_type": pd.Series(dtype=str), "code": pd.Series(dtype=str), "is_valid": pd.Series(dtype=bool)})
    con.execute("create schema if not exists mdm")
    con.register("_checks", checks)
    con.execute("create or replace table mdm.code_checks as select code_type, code, is_valid from _checks")
    con.unregister("_checks")
    invalid = checks[~checks["is_valid"]]
    return {f"invalid_{t}": int((invalid["code_type"] == t).sum()) for t in _VALIDATORS}
