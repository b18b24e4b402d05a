"""The one Definitions object of the code location, built from settings."""

from __future__ import annotations

import dagster as dg

from orchestration.assets.dbt import dbt_resource, staging_models, warehouse_models
from orchestration.assets.ingest import INGEST_DEFINITIONS
from orchestration.assets.matching import standard_codes
from orchestration.jobs import daily_schedule, landing_sensor, pipeline_job
from orchestration.resources import SourcesResource
from orchestration.settings import Settings
from orchestration.warehouse import WarehouseResource


def build_definitions(settings: Settings) -> dg.Definitions:
    resources = {
        "warehouse": WarehouseResource(
            path=str(settings.warehouse),
            memory_limit=settings.duckdb_memory_limit,
            lock_timeout_seconds=settings.writer_lock_timeout,
        ),
        "sources": SourcesResource(
            landing_dir=str(settings.landing_dir),
            timezone=settings.timezone,
            crm_db_url=settings.crm_db_url,
            erp_db_url=settings.erp_db_url,
            pos_db_url=settings.pos_db_url,
        ),
        "dbt": dbt_resource(),
    }
    return dg.Definitions.merge(
        *INGEST_DEFINITIONS,
        dg.Definitions(
            assets=[staging_models, standard_codes, warehouse_models],
            jobs=[pipeline_job],
            schedules=[daily_schedule(settings.timezone)],
            sensors=[landing_sensor(settings.landing_dir)],
            resources=resources,
        ),
    )


defs = build_definitions(Settings.from_env())
