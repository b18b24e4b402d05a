"""The jobs and what starts them: `salesops run`, the daily schedule, the landing sensor, the S&OP cycle."""

import hashlib
import json
from pathlib import Path

import dagster as dg

from ingestion.contract import ENTITIES
from ingestion.landing import discover
from orchestration.assets.serving import PUBLISHED_KEY
from orchestration.assets.sop import SOP_GROUP

# One process, steps in order: every step writes the one DuckDB file, so parallel steps would
# only queue on the writer lock, and in-process runs need no Dagster daemon for `salesops run`.
pipeline_job = dg.define_asset_job(
    "salesops_pipeline",
    selection=dg.AssetSelection.all() - dg.AssetSelection.groups(SOP_GROUP),
    executor_def=dg.in_process_executor,
    description="Ingest every source entity, then build everything downstream of it.",
)

# `salesops run` executes in the terminal: its console shows progress, warnings and errors, not every
# Dagster event (the instance's event log and the UI still keep them all).
CONSOLE_RUN_CONFIG = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}

sop_job = dg.define_asset_job(
    "sop_cycle",
    selection=dg.AssetSelection.groups(SOP_GROUP) | dg.AssetSelection.assets(PUBLISHED_KEY),
    executor_def=dg.in_process_executor,
    description="S&OP 月度周期 / one cycle month: forecast version, consensus, replenishment, then accuracy.",
)


def monthly_sop_schedule(timezone: str) -> dg.ScheduleDefinition:
    """The cycle of the month just closed, on the 3rd at 06:00: month-end extracts have landed by then."""
    return dg.build_schedule_from_partitioned_job(
        sop_job, name="monthly_sop_cycle", day_of_month=3, hour_of_day=6, minute_of_hour=0,
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description="每月3日 06:00 运行上月的 S&OP 周期 / the previous month's S&OP cycle on the 3rd at 06:00.",
    )


def daily_schedule(timezone: str) -> dg.ScheduleDefinition:
    return dg.ScheduleDefinition(
        name="daily_pipeline",
        job=pipeline_job,
        cron_schedule="0 2 * * *",
        execution_timezone=timezone,
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description="每天 02:00 运行完整流水线 / the whole pipeline daily at 02:00 business time.",
    )


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()[:32]


def landing_changes(landing_dir: Path, cursor: str | None) -> tuple[list[str], list[str], str]:
    """New content in the landing dir since `cursor`: (new files, new content hashes, next cursor).

    Only files whose size or modification time changed are hashed, and only content never
    seen before counts, so a copy of an already-delivered file starts no run.
    """
    state = json.loads(cursor) if cursor else {"files": {}, "contents": []}
    files: dict[str, str] = state["files"]
    contents = set(state["contents"])
    new_files, new_contents = [], []
    for entity in ENTITIES:
        for unit in discover(landing_dir, entity):
            assert unit.path is not None
            stat = unit.path.stat()
            signature = f"{stat.st_size}:{stat.st_mtime_ns}"
            if files.get(unit.source_file) == signature:
                continue
            files[unit.source_file] = signature
            content = _file_digest(unit.path)
            if content not in contents:
                contents.add(content)
                new_files.append(unit.source_file)
                new_contents.append(content)
    next_cursor = json.dumps({"files": files, "contents": sorted(contents)})
    return new_files, new_contents, next_cursor


def landing_sensor(landing_dir: Path) -> dg.SensorDefinition:
    @dg.sensor(
        name="landing_sensor",
        job=pipeline_job,
        minimum_interval_seconds=60,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="新文件到达即运行流水线 / runs the pipeline once per new content in the landing dir.",
    )
    def _sensor(context: dg.SensorEvaluationContext) -> dg.SensorResult:
        new_files, new_contents, cursor = landing_changes(landing_dir, context.cursor)
        if not new_contents:
            return dg.SensorResult(skip_reason="没有新内容 / no new content", cursor=cursor)
        run_key = hashlib.sha256("".join(sorted(new_contents)).encode()).hexdigest()[:32]
        return dg.SensorResult(
            run_requests=[dg.RunRequest(run_key=run_key, tags={"salesops/new_files": str(len(new_files))})],
            cursor=cursor,
        )

    return _sensor
