"""One matching pass over the warehouse: read staging, match, persist the golden codes."""

from __future__ import annotations

import datetime as dt

import duckdb

from matching.code_checks import refresh_code_checks
from matching.customers import match_customers
from matching.registry import update_registry


def refresh_customer_codes(con: duckdb.DuckDBPyConnection, run_at: dt.datetime) -> dict:
    """Match the current CRM accounts and ERP customers, update mdm.customer_registry and mdm.code_checks.

    Returns the registry statistics, invalid code counts and `records_by_rule`.
    """
    matches = match_customers(
        con.execute("select account_id, account_name, uscc, city from staging.stg_crm__accounts").df(),
        con.execute("select customer_code, customer_name, uscc, city, crm_account_id"
                    " from staging.stg_erp__customers").df(),
        con.execute("select left_system, left_key, right_system, right_key, decision"
                    " from reference.customer_match_overrides").df(),
    )
    stats = update_registry(con, matches, run_at)
    return {**stats, **refresh_code_checks(con), "records_by_rule": matches["match_rule"].value_counts().to_dict()}
