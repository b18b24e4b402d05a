"""The monthly S&OP cycle as assets: one forecast version per cycle-month partition, then accuracy."""

import datetime as dt
from pathlib import Path

import dagster as dg

from forecasting.cycle import build_version
from forecasting.evaluation import refresh_accuracy
from forecasting.progress import percent, progress_line
from orchestration.assets.ingest import WRITER_POOL
from orchestration.retries import retry_transient
from orchestration.warehouse import WarehouseResource
from serving.sop_pack import write_sop_pack
from serving.sop_views import ensure_sop_bi_views

SOP_GROUP = "sop"
FIRST_CYCLE = "2020-01-01"
FORECAST_KEY = dg.AssetKey(["sop", "forecast"])
_CORE_INPUTS = [dg.AssetKey(["core", name]) for name in ("fct_sales_line", "dim_product", "fct_inventory_daily")]


class SopResource(dg.ConfigurableResource):
    """How cycles forecast: horizon, cross-validation windows, where planner overrides land."""

    horizon: int = 6
    cv_windows: int = 3
    landing_dir: str = ""
    reports_dir: str = ""


def cycle_partitions(timezone: str) -> dg.MonthlyPartitionsDefinition:
    """One partition per cycle month; a month's partition exists once the month has closed."""
    return dg.MonthlyPartitionsDefinition(start_date=FIRST_CYCLE, timezone=timezone)


def version_of_partition(partition_key: str) -> str:
    """`2026-10-01` → `2026-10`: the forecast version a partition writes."""
    return partition_key[:7]


def build_sop_assets(partitions: dg.MonthlyPartitionsDefinition) -> list:
    @dg.multi_asset(
        specs=[
            dg.AssetSpec(FORECAST_KEY, deps=[*_CORE_INPUTS, dg.AssetKey(["staging", "stg_erp__supply_params"])],
                         description="统计预测版本 / statistical forecast of the cycle: every planning level, "
                         "model and segment per series, 80% and 95% intervals; versions never overwrite each other."),
            dg.AssetSpec(["sop", "consensus_forecast"], deps=[FORECAST_KEY],
                         description="共识预测 / statistical forecast plus the planners' overrides from "
                         "landing/sop/overrides, coherent across levels."),
            dg.AssetSpec(["sop", "replenishment"], deps=[dg.AssetKey(["sop", "consensus_forecast"])],
                         description="补货计划 / safety stock, reorder point, projected stock and stock-out "
                         "risk per SKU and warehouse over the horizon."),
        ],
        group_name=SOP_GROUP,
        name="sop_version",
        partitions_def=partitions,
        pool=WRITER_POOL,
    )
    def sop_version(context: dg.AssetExecutionContext, sop: SopResource, warehouse: WarehouseResource):
        version = version_of_partition(context.partition_key)
        context.log.info(f"S&OP 周期 / cycle {version}: 预测 / forecasting {sop.horizon} months")

        def progress(stage: str, done: int, total: int) -> None:
            context.log.info(f"{version} {progress_line(stage, done, total)}")
            context.log_event(dg.AssetObservation(asset_key=FORECAST_KEY, partition=context.partition_key, metadata={
                "stage": stage, "series_done": done, "series_total": total,
                "percent": dg.MetadataValue.float(round(percent(done, total), 1))}))

        with retry_transient(context), warehouse.writer() as con:
            result = build_version(con, version, dt.datetime.now().replace(microsecond=0), horizon=sop.horizon,
                                   overrides_landing=sop.landing_dir or None, n_windows=sop.cv_windows,
                                   on_progress=progress)
        for warning in result.warnings[:20]:
            context.log.warning(warning)
        yield dg.MaterializeResult(asset_key=FORECAST_KEY, metadata={
            "version": version, "series": result.series, "rows": result.forecast_rows,
            "baseline_warnings": len(result.warnings)})
        yield dg.MaterializeResult(asset_key=["sop", "consensus_forecast"], metadata={
            "rows": result.consensus_rows, "overrides_accepted": result.overrides_accepted,
            "overrides_rejected": result.overrides_rejected})
        yield dg.MaterializeResult(asset_key=["sop", "replenishment"], metadata={
            "rows": result.replenishment_rows, "stockout_risk_rows": result.stockout_risks})

    @dg.asset(
        key=["sop", "forecast_accuracy"],
        deps=[FORECAST_KEY, dg.AssetKey(["sop", "consensus_forecast"])],
        group_name=SOP_GROUP,
        pool=WRITER_POOL,
        description="预测准确率 / WAPE, MAPE, bias, MASE, tracking signal and value added per version, level and "
        "lag, for statistical, consensus and seasonal-naive forecasts, refreshed as months close.",
    )
    def forecast_accuracy(warehouse: WarehouseResource) -> dg.MaterializeResult:
        with warehouse.writer() as con:
            scored = refresh_accuracy(con, dt.datetime.now().replace(microsecond=0))
            ensure_sop_bi_views(con)
        return dg.MaterializeResult(metadata={
            "rows": len(scored), "versions_scored": int(scored["forecast_version"].nunique()) if len(scored) else 0})

    @dg.asset(
        key=["sop", "pack"],
        deps=[dg.AssetKey(["sop", "forecast_accuracy"]), dg.AssetKey(["sop", "replenishment"])],
        group_name=SOP_GROUP,
        partitions_def=partitions,
        pool=WRITER_POOL,
        kinds={"html"},
        description="S&OP 会议材料 / the meeting pack of the cycle: actual vs forecast vs target, fan charts, "
        "accuracy by lag, biggest changes, overrides, stock risks; static HTML under reports/sop/<YYYY-MM>/.",
    )
    def pack(context: dg.AssetExecutionContext, sop: SopResource, warehouse: WarehouseResource):
        version = version_of_partition(context.partition_key)
        with warehouse.writer() as con:
            path = write_sop_pack(con, version, Path(sop.reports_dir))
        return dg.MaterializeResult(metadata={"path": dg.MetadataValue.path(str(path))})

    return [sop_version, forecast_accuracy, pack]
