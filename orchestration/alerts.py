"""When a run fails, someone hears about it: a line in the alert log, and a webhook call when one is set."""

from __future__ import annotations

import datetime as dt
import json
import urllib.request
from collections.abc import Iterable
from pathlib import Path

import dagster as dg


def alert_record(job_name: str, run_id: str, message: str, failed_at: str) -> dict:
    return {"event": "run_failure", "job": job_name, "run_id": run_id, "failed_at": failed_at,
            "message": message, "text": f"流水线运行失败 / run failed: {job_name} ({run_id[:8]}): {message}"}


def send_alert(record: dict, log_path: Path, webhook_url: str | None, timeout: float = 10) -> None:
    """Append the alert to the log (always), then POST it as JSON to the webhook (if configured)."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    if webhook_url:
        request = urllib.request.Request(webhook_url, data=json.dumps(record, ensure_ascii=False).encode("utf-8"),
                                         headers={"Content-Type": "application/json"}, method="POST")
        with urllib.request.urlopen(request, timeout=timeout):
            pass


def failure_alert_sensor(log_path: Path, webhook_url: str | None) -> dg.RunFailureSensorDefinition:
    @dg.run_failure_sensor(name="run_failure_alert", default_status=dg.DefaultSensorStatus.RUNNING,
                           monitor_all_code_locations=False,
                           description="运行失败时告警 / an alert line (and a webhook call) per failed run.")
    def _alert(context: dg.RunFailureSensorContext) -> None:
        run = context.dagster_run
        steps = [f"{event.step_key}: {error_summary(event.step_failure_data.error)}"
                 for event in context.get_step_failure_events()]
        checks = blocking_failures(entry.dagster_event for entry in context.instance.all_logs(
            run.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION))
        message = "; ".join(steps + checks) or context.failure_event.message or "unknown error"
        record = context.instance.get_run_record_by_id(run.run_id)
        ended = record.end_time if record and record.end_time else dt.datetime.now().timestamp()
        failed_at = dt.datetime.fromtimestamp(ended).isoformat(timespec="seconds")
        send_alert(alert_record(run.job_name, run.run_id, message, failed_at), log_path, webhook_url)

    return _alert


def error_summary(error) -> str:
    """The line of an error that says what went wrong (the exception's own message, not its traceback)."""
    lines = error.message.strip().splitlines() if error else []
    return lines[-1] if lines else "unknown error"


def blocking_failures(events: Iterable[dg.DagsterEvent]) -> list[str]:
    """The failed error-severity asset checks among `events`, with the rule, table and sample they describe."""
    failures = []
    for event in events:
        if event.event_type_value == "ASSET_CHECK_EVALUATION":
            evaluation = event.event_specific_data
            if not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.ERROR:
                failures.append(f"{evaluation.asset_key.to_user_string()} {evaluation.check_name}: "
                                f"{evaluation.description or ''}".strip())
    return failures
