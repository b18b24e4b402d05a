"""The one Definitions object of the code location, built from settings."""

from __future__ import annotations

import datetime as dt

import dagster as dg

from orchestration.alerts import failure_alert_sensor
from orchestration.assets.dbt import dbt_resource, staging_models, warehouse_models
from orchestration.assets.ingest import INGEST_DEFINITIONS
from orchestration.assets.matching import standard_codes
from orchestration.assets.quality_checks import QUALITY_CHECKS, QualityResource
from orchestration.assets.serving import ServingResource, published_warehouse
from orchestration.assets.sop import SopResource, build_sop_assets, cycle_partitions
from orchestration.jobs import daily_schedule, landing_sensor, monthly_sop_schedule, pipeline_job, sop_job
from orchestration.resources import SourcesResource
from orchestration.settings import ENCRYPTION_KEY_VARIABLE, Settings
from orchestration.warehouse import WarehouseResource


def build_definitions(settings: Settings) -> dg.Definitions:
    resources = {
        "warehouse": WarehouseResource(
            path=str(settings.warehouse),
            memory_limit=settings.duckdb_memory_limit,
            lock_timeout_seconds=settings.writer_lock_timeout,
            # by name, so the Dagster UI shows the variable and never the key
            encryption_key=dg.EnvVar(ENCRYPTION_KEY_VARIABLE) if settings.encryption_key else None,
        ),
        "sources": SourcesResource(
            landing_dir=str(settings.landing_dir),
            timezone=settings.timezone,
            crm_db_url=settings.crm_db_url,
            erp_db_url=settings.erp_db_url,
            pos_db_url=settings.pos_db_url,
            pii_salt=settings.pii_salt,
        ),
        "dbt": dbt_resource(),
        "quality": QualityResource(reports_dir=str(settings.reports_dir), freshness_days=settings.freshness_days),
        "serving": ServingResource(published_path=str(settings.published_warehouse), bi_db_url=settings.bi_db_url,
                                   bi_reader_password=settings.bi_reader_password),
        "sop": SopResource(horizon=settings.forecast_horizon, cv_windows=settings.forecast_cv_windows,
                           landing_dir=str(settings.landing_dir), reports_dir=str(settings.reports_dir)),
    }
    merged = dg.Definitions.merge(
        *INGEST_DEFINITIONS,
        dg.Definitions(
            assets=[staging_models, standard_codes, warehouse_models,
                    *build_sop_assets(cycle_partitions(settings.timezone)), published_warehouse],
            asset_checks=QUALITY_CHECKS,
            jobs=[pipeline_job, sop_job],
            schedules=[daily_schedule(settings.timezone), monthly_sop_schedule(settings.timezone)],
            sensors=[landing_sensor(settings.landing_dir),
                     failure_alert_sensor(settings.alert_log, settings.alert_webhook)],
            resources=resources,
        ),
    )
    return merged.map_asset_specs(func=lambda spec: _with_freshness(spec, settings.timezone))


def _with_freshness(spec: dg.AssetSpec, timezone: str) -> dg.AssetSpec:
    """Stale data shows in the UI: the daily pipeline's assets are due by 06:00, the S&OP cycle's by the
    3rd of the month at 09:00 (business time), looking back a day or four weeks."""
    if spec.group_name == "sop":
        policy = dg.FreshnessPolicy.cron(deadline_cron="0 9 3 * *", lower_bound_delta=dt.timedelta(days=28),
                                         timezone=timezone)
    else:
        policy = dg.FreshnessPolicy.cron(deadline_cron="0 6 * * *", lower_bound_delta=dt.timedelta(hours=24),
                                         timezone=timezone)
    return dg.apply_freshness_policy(spec, policy)


defs = build_definitions(Settings.from_env())
