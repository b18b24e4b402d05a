"""The registry of benchmark stages: a name and a function that does the work and returns its row count.

A later stage (dbt, forecast, quality) joins with one line in `STAGES`; the sequence runs in the
registry's order, so add it after the stages whose output it reads.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ingestion.contract import ENTITIES, Entity
from orchestration.settings import Settings


@dataclass(frozen=True)
class StageContext:
    """Where a stage finds its inputs and writes its outputs, all inside one work dir."""

    workdir: Path
    scale: float
    settings: Settings

    @property
    def landing_dir(self) -> Path:
        return self.workdir / "landing"

    @property
    def truth_dir(self) -> Path:
        return self.workdir / "truth"

    @property
    def warehouse(self) -> Path:
        return self.workdir / "warehouse.duckdb"


Stage = Callable[[StageContext], int]

GENERATE = "generate"


def reset_warehouse(context: StageContext) -> None:
    """Remove the warehouse and its spill files, so each run starts from an empty one."""
    for path in (context.warehouse, context.warehouse.with_name(context.warehouse.name + ".wal")):
        path.unlink(missing_ok=True)
    shutil.rmtree(context.workdir / "duckdb_tmp", ignore_errors=True)


def generate(context: StageContext) -> int:
    from demodata import generate as generate_demo_data

    summary = generate_demo_data(context.landing_dir, context.truth_dir, scale=context.scale)
    return sum(summary.rows.values())


def ingest(entity: Entity, context: StageContext) -> int:
    """Load the entity's landing files into the work dir's warehouse; rows read, quarantined ones included.

    Opens DuckDB as the pipeline's warehouse resource does, without importing Dagster, so the
    figures are the loader's own; files only, so they do not depend on a configured source database.
    """
    from ingestion.entity_ingest import ingest_entity
    from ingestion.schema import open_warehouse

    con = open_warehouse(context.warehouse, context.settings.duckdb_memory_limit)
    try:
        results = ingest_entity(con, entity, context.landing_dir, context.settings.timezone)
        con.execute("checkpoint")
    finally:
        con.close()
    return sum(result.rows_read for result in results)


def _dbt_build(context: StageContext, selection: list[str]) -> int:
    """`dbt build` in this process (dbtRunner), so its memory is measured here; rows in the built tables."""
    import os

    import duckdb
    from dbt.cli.main import dbtRunner

    from orchestration.assets.dbt import DBT_PROJECT_DIR

    os.environ["SALESOPS_WAREHOUSE"] = str(context.warehouse)
    result = dbtRunner().invoke(["--quiet", "build", *selection, "--project-dir", str(DBT_PROJECT_DIR),
                                 "--profiles-dir", str(DBT_PROJECT_DIR)])
    if not result.success:
        raise RuntimeError(f"dbt build failed: {result.exception or 'see the dbt log'}")
    tables = [(r.node.schema, r.node.alias) for r in result.result if r.node.resource_type == "model"]
    con = duckdb.connect(str(context.warehouse))  # same configuration as the dbt-duckdb connection still open
    try:
        return sum(con.execute(f'select count(*) from "{schema}"."{name}"').fetchone()[0] for schema, name in tables)
    finally:
        con.close()


def match_customers_stage(context: StageContext) -> int:
    """The golden-code step between staging and the warehouse models; rows = source records matched."""
    import datetime as dt

    import duckdb

    from matching.refresh import refresh_customer_codes

    con = duckdb.connect(str(context.warehouse))
    try:
        return refresh_customer_codes(con, dt.datetime.now())["records"]
    finally:
        con.close()


STAGES: dict[str, Stage] = {
    GENERATE: generate,
    **{f"ingest:{entity.table}": partial(ingest, entity) for entity in ENTITIES},
    "dbt:staging": partial(_dbt_build, selection=["--select", "fqn:salesops.staging", "resource_type:seed",
                                                  "--indirect-selection", "buildable"]),
    "match:customers": match_customers_stage,
    "dbt:warehouse": partial(_dbt_build, selection=["--exclude", "fqn:salesops.staging", "resource_type:seed"]),
}


def select(names: list[str] | None, stages: dict[str, Stage] = STAGES) -> list[str]:
    """The requested stages in registry order (all when `names` is None), or an error listing the valid ones."""
    if names is None:
        return list(stages)
    unknown = sorted(set(names) - set(stages))
    if unknown:
        raise ValueError(f"unknown stage(s) {', '.join(unknown)}; choose from: {', '.join(stages)}")
    return [name for name in stages if name in names]
