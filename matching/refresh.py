"""One matching pass over the warehouse: read staging, match, persist the golden codes."""

from __future__ import annotations

import datetime as dt

import duckdb

from matching.customers import match_customers
from matching.registry import update_registry


def refresh_customer_codes(con: duckdb.DuckDBPyConnection, run_at: dt.datetime) -> dict:
    """Match the current CRM accounts and ERP customers and update mdm.customer_registry.

    Returns the registry statistics plus `records_by_rule`, the count of records per evidence rule.
    """
    matches = match_customers(
        con.execute("select account_id, account_name, uscc, city from staging.stg_crm__accounts").df(),
        con.execute("select customer_code, customer_name, uscc, city, crm_account_id"
                    " from staging.stg_erp__customers").df(),
        con.execute("select left_system, left_key, right_system, right_key, decision"
                    " from reference.customer_match_overrides").df(),
    )
    stats = update_registry(con, matches, run_at)
    return {**stats, "records_by_rule": matches["match_rule"].value_counts().to_dict()}
