"""Which S&OP cycles a run owes: the month just closed and the backfill window, oldest first."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pandas as pd

from ingestion import warehouse_file
from ingestion.schema import table_exists
from orchestration.assets.serving import PUBLISHED_KEY
from orchestration.jobs import CONSOLE_RUN_CONFIG


def due_versions(warehouse: Path, backfill_months: int, encryption_key: str | None = None) -> list[str]:
    """Versions from `backfill_months` before the last closed month up to it that are not yet stored.

    Oldest first, so a version's replenishment sees the errors of the versions before it.
    """
    con = warehouse_file.connect(warehouse, encryption_key, read_only=True)
    try:
        if not table_exists(con, "core.fct_sales_line"):
            return []
        newest = con.execute("select max(sale_date) from core.fct_sales_line where is_revenue").fetchone()[0]
        stored = {row[0] for row in con.execute("select distinct forecast_version from sop.forecast").fetchall()
                  } if table_exists(con, "sop.forecast") else set()
    finally:
        con.close()
    if newest is None:
        return []
    newest = pd.Timestamp(newest)
    # a month is closed once its last day has sales; a feed that stops mid-month leaves it open
    start = newest.to_period("M").to_timestamp() - pd.DateOffset(months=0 if newest.is_month_end else 1)
    wanted = [(start - pd.DateOffset(months=back)).strftime("%Y-%m") for back in range(backfill_months, -1, -1)]
    return [version for version in wanted if version not in stored]


def run_cycles(job: dg.JobDefinition, instance: dg.DagsterInstance, versions: list[str]) -> list:
    """Run the S&OP job once per version (partition), oldest first; stop at the first failure.

    Only the last run publishes the BI copy: copying the whole warehouse after every backfilled
    version would only be overwritten by the next one.
    """
    valid = set(job.partitions_def.get_partition_keys(dynamic_partitions_store=instance))
    due = [version for version in versions if f"{version}-01" in valid]  # months closed on the calendar
    without_publish = [key for key in job.asset_layer.selected_asset_keys if key != PUBLISHED_KEY]
    results = []
    for position, version in enumerate(due):
        selection = None if position == len(due) - 1 else without_publish
        result = job.execute_in_process(instance=instance, partition_key=f"{version}-01", asset_selection=selection,
                                        run_config=CONSOLE_RUN_CONFIG, raise_on_error=False)
        results.append((version, result))
        if not result.success:
            break
    return results
