"""`salesops`: the command data engineers and planners type. Messages in Chinese and English."""

from __future__ import annotations

import argparse
import sys
import time

from orchestration.settings import Settings


def _demo_data(args: argparse.Namespace, settings: Settings) -> int:
    from demodata import generate

    summary = generate(settings.landing_dir, settings.truth_dir, scale=args.scale, seed=args.seed,
                       end_month=args.end_month, to_db=args.to_db)
    print(f"已生成演示数据 / demo extracts written: {len(summary.files)} 个文件 files,"
          f" {sum(summary.rows.values()):,} 行 rows → {settings.landing_dir}")
    print(f"真值 / ground truth → {settings.truth_dir}  ({summary.seconds:.0f}s)")
    return 0


def _run(_args: argparse.Namespace, settings: Settings) -> int:
    from orchestration.definitions import build_definitions
    from orchestration.instance import open_instance
    from orchestration.run_summary import print_summary

    started = time.monotonic()
    job = build_definitions(settings).resolve_job_def("salesops_pipeline")
    with open_instance(settings.dagster_home) as instance:
        result = job.execute_in_process(instance=instance, raise_on_error=False)
    print_summary(result, time.monotonic() - started)
    if not result.success:
        for event in result.all_events:
            if event.is_step_failure:
                error = event.step_failure_data.error
                message = error.message.strip().splitlines()[-1] if error else "unknown error"
                print(f"运行失败 / step failed: {event.step_key}: {message}", file=sys.stderr)
        print(f"运行失败 / run failed (run {result.run_id}); details in the Dagster UI", file=sys.stderr)
        return 1
    print(f"运行成功 / run succeeded (run {result.run_id})")
    return 0


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
    run.set_defaults(handler=_run)

    args = parser.parse_args(argv)
    return args.handler(args, Settings.from_env())


if __name__ == "__main__":
    sys.exit(main())
