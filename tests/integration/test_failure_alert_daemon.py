"""Under a running `dagster-daemon`, nobody at the keyboard: a bad extract lands, the landing sensor
starts the pipeline, a blocking rule fails it, and the run-failure sensor writes the alert."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import pytest

from orchestration.instance import open_instance
from orchestration.settings import Settings
from tests.conftest import deliver
from tests.integration.test_quality_blocking import BLOCKING_CHECK, ORDERS

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 300


def _start_daemon(home: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SALESOPS_", "DAGSTER_"))}
    env.update(SALESOPS_HOME=str(home), DAGSTER_HOME=str(home / "dagster"))
    daemon = Path(sys.executable).with_name("dagster-daemon")
    with (home / "daemon.log").open("w") as log:
        return subprocess.Popen([str(daemon), "run", "-w", str(REPO / "workspace.yaml")], cwd=REPO, env=env,
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def _alerts(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def test_a_run_the_sensor_started_fails_and_the_daemon_writes_the_alert(salesops_home):
    settings = Settings.from_env()
    deliver(settings.landing_dir, "erp", "sales_orders", "sales_orders_20261031.csv", ORDERS)
    open_instance(settings.dagster_home).dispose()  # the daemon reads the instance file written here
    daemon = _start_daemon(salesops_home)
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while not (alerts := _alerts(settings.alert_log)):
            assert daemon.poll() is None, (salesops_home / "daemon.log").read_text()[-3000:]
            assert time.monotonic() < deadline, (salesops_home / "daemon.log").read_text()[-3000:]
            time.sleep(2)
    finally:
        os.killpg(daemon.pid, signal.SIGTERM)
        daemon.wait(timeout=60)
    with open_instance(settings.dagster_home) as instance:
        [run] = instance.get_runs()
    assert run.status == dg.DagsterRunStatus.FAILURE and run.job_name == "salesops_pipeline"
    assert run.tags["dagster/sensor_name"] == "landing_sensor" and run.tags["salesops/new_files"] == "1"
    [alert] = alerts
    assert alert["run_id"] == run.run_id and alert["job"] == "salesops_pipeline"
    assert alert["text"].startswith("流水线运行失败 / run failed: salesops_pipeline")
    assert alert["message"].startswith(f"{BLOCKING_CHECK}: ")  # the step, then the rule and its sample
    assert "erp__sales_orders.status_in_set" in alert["message"] and "SO2" in alert["message"]
