"""`salesops`: the command data engineers and planners type. Messages in Chinese and English."""

from __future__ import annotations

import argparse
import sys
import time

from forecasting.cli import add_forecast_parser
from orchestration.settings import Settings
from quality.erasure_cli import add_erase_parser


def _demo_data(args: argparse.Namespace, settings: Settings) -> int:
    from demodata import generate

    summary = generate(settings.landing_dir, settings.truth_dir, scale=args.scale, seed=args.seed,
                       end_month=args.end_month, to_db=args.to_db)
    print(f"已生成演示数据 / demo extracts written: {len(summary.files)} 个文件 files,"
          f" {sum(summary.rows.values()):,} 行 rows → {settings.landing_dir}")
    print(f"真值 / ground truth → {settings.truth_dir}  ({summary.seconds:.0f}s)")
    return 0


def _run(args: argparse.Namespace, settings: Settings) -> int:
    from orchestration.cycles import due_versions, run_cycles
    from orchestration.definitions import build_definitions
    from orchestration.instance import open_instance
    from orchestration.jobs import CONSOLE_RUN_CONFIG
    from orchestration.run_summary import print_summary

    started = time.monotonic()
    definitions = build_definitions(settings)
    with open_instance(settings.dagster_home, settings.dagster_pg_url) as instance:
        result = definitions.resolve_job_def("salesops_pipeline").execute_in_process(
            instance=instance, run_config=CONSOLE_RUN_CONFIG, raise_on_error=False)
        print_summary(result, time.monotonic() - started)
        if not result.success:
            return _failed(result, settings)
        versions = [] if args.skip_sop else due_versions(
            settings.warehouse, settings.sop_backfill_months, settings.encryption_key)
        for version, cycle in run_cycles(definitions.resolve_job_def("sop_cycle"), instance, versions):
            if not cycle.success:
                return _failed(cycle, settings)
            print(f"S&OP 周期 / cycle {version}: 预测版本已写入 / forecast version written (run {cycle.run_id})")
    print(f"运行成功 / run succeeded (run {result.run_id})")
    return 0


def _failed(result, settings: Settings) -> int:
    """Print each failed step and raise the alert: in-process runs have no daemon to run the failure sensor."""
    import datetime as dt

    from orchestration.alerts import alert_record, blocking_failures, error_summary, send_alert

    messages = []
    for event in result.all_events:
        if event.is_step_failure:
            message = error_summary(event.step_failure_data.error)
            messages.append(f"{event.step_key}: {message}")
            print(f"运行失败 / step failed: {event.step_key}: {message}", file=sys.stderr)
    for check in blocking_failures(result.all_events):
        print(f"质量检查未通过 / check failed: {check}", file=sys.stderr)
        messages.append(check)
    print(f"运行失败 / run failed (run {result.run_id}); details in the Dagster UI", file=sys.stderr)
    record = alert_record(result.dagster_run.job_name, result.run_id, "; ".join(messages) or "run failed",
                          dt.datetime.now().isoformat(timespec="seconds"))
    try:
        send_alert(record, settings.alert_log, settings.alert_webhook)
    except OSError as error:
        print(f"告警发送失败 / could not deliver the alert: {error}", file=sys.stderr)
    return 1


def _status(_args: argparse.Namespace, settings: Settings) -> int:
    import datetime as dt

    import duckdb

    from ingestion.warehouse_file import connect
    from orchestration.instance import open_instance
    from serving.status import collect, render

    source = settings.published_warehouse if settings.published_warehouse.exists() else settings.warehouse
    if not source.exists():
        print(f"还没有仓库 / no warehouse yet at {settings.warehouse}: run `salesops run` first", file=sys.stderr)
        return 1
    try:
        con = connect(source, settings.encryption_key, read_only=True)
    except duckdb.IOException:
        print(f"仓库正被写入且尚未发布副本 / {source} is being written and nothing is published yet;"
              " try again after the run", file=sys.stderr)
        return 1
    with con:
        status = collect(con, str(source), dt.datetime.now(), settings.freshness_days)
    with open_instance(settings.dagster_home, settings.dagster_pg_url) as instance:
        runs = [(run.job_name, run.status.value, _started(instance, run.run_id), run.run_id[:8])
                for run in instance.get_runs(limit=6)]
    print(render(status, runs), end="")
    return 0


def _encrypt(_args: argparse.Namespace, settings: Settings) -> int:
    """Rewrite the plain warehouse encrypted, then re-publish the BI copy from it (the old copy is plain)."""
    from ingestion import warehouse_file
    from ingestion.writer_lock import writer_lock
    from serving.publish import publish_copy

    if not settings.encryption_key:
        print("请先设置 SALESOPS_ENCRYPTION_KEY / set SALESOPS_ENCRYPTION_KEY first", file=sys.stderr)
        return 2
    if not settings.warehouse.exists():
        print(f"还没有仓库 / no warehouse yet at {settings.warehouse}: `salesops run` creates it encrypted",
              file=sys.stderr)
        return 1
    with writer_lock(settings.warehouse, settings.writer_lock_timeout):
        if warehouse_file.is_encrypted(settings.warehouse):
            print(f"仓库已是加密的 / {settings.warehouse} is already encrypted; nothing to do")
            return 0
        warehouse_file.rewrite(settings.warehouse, None, settings.encryption_key)
        if settings.published_warehouse.exists():
            with warehouse_file.connect(settings.warehouse, settings.encryption_key) as con:
                publish_copy(con, settings.warehouse, settings.published_warehouse, settings.encryption_key)
    print(f"仓库已加密 / {settings.warehouse} is now encrypted at rest"
          + ("，BI 副本已重新发布 / the BI copy was re-published" if settings.published_warehouse.exists() else ""))
    return 0


def _started(instance, run_id: str) -> str:
    import datetime as dt

    record = instance.get_run_record_by_id(run_id)
    return dt.datetime.fromtimestamp(record.start_time).strftime("%Y-%m-%d %H:%M") if record.start_time else "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="salesops", description="销售运营数据平台 / sales-operations warehouse")
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo-data", help="生成演示源数据 / write demo CRM, ERP and POS extracts")
    demo.add_argument("--scale", type=float, default=1.0, help="1 ≈ one million POS lines (default 1)")
    demo.add_argument("--seed", type=int, default=42)
    demo.add_argument("--end-month", help="last month of history, YYYY-MM (default: last full month)")
    demo.add_argument("--to-db", help="SQLAlchemy URL: write CRM and ERP tables there instead of files")
    demo.set_defaults(handler=_demo_data)

    run = commands.add_parser("run", help="运行一次完整流水线 / materialise the whole pipeline once")
    run.add_argument("--skip-sop", action="store_true",
                     help="只运行数据流水线，不运行 S&OP 周期 / data pipeline only, no S&OP forecast cycle")
    run.set_defaults(handler=_run)

    add_forecast_parser(commands)
    add_erase_parser(commands)

    status = commands.add_parser("status", help="运行与数据状态一览 / runs, freshness, quality, quarantine, forecast")
    status.set_defaults(handler=_status)

    encrypt = commands.add_parser("encrypt", help="用 SALESOPS_ENCRYPTION_KEY 加密现有仓库文件 / encrypt an existing"
                                  " plain warehouse file at rest with SALESOPS_ENCRYPTION_KEY")
    encrypt.set_defaults(handler=_encrypt)

    args = parser.parse_args(argv)
    from ingestion.warehouse_file import WarehouseKeyError

    try:
        return args.handler(args, Settings.from_env())
    except WarehouseKeyError as error:  # the file and the key do not fit: say so, no traceback
        print(error, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
