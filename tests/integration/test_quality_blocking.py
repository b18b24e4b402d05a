"""A critical quality rule blocks everything downstream, whichever way the run starts: the job
(`salesops run`), the daily schedule and the landing sensor all launch the same job."""

import dagster as dg
import duckdb
import pytest

from orchestration.cli import main
from orchestration.definitions import build_definitions
from orchestration.instance import open_instance
from orchestration.jobs import daily_schedule, landing_sensor
from orchestration.settings import Settings
from tests.conftest import deliver

pytestmark = pytest.mark.integration

ORDERS = ("order_id,line_no,order_date,customer_code,sku,qty,unit_price,discount_amount,rep_id,warehouse_code,status,"
          "ship_date,updated_at\n"
          "SO1,1,2026-10-03,E1,SKU-1,2,10.00,0,R1,WH-SH,shipped,2026-10-04,2026-10-04 10:00\n"
          "SO2,1,2026-10-05,E1,SKU-1,1,10.00,0,R1,WH-SH,已发货?,2026-10-06,2026-10-06 10:00\n")
BLOCKING_CHECK = "raw__erp__sales_orders_quality_rules"


@pytest.fixture
def home(salesops_home):
    deliver(salesops_home / "landing", "erp", "sales_orders", "sales_orders_20261031.csv", ORDERS)
    return salesops_home


def _staging_built(home) -> bool:
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        return bool(con.execute("select count(*) from information_schema.tables"
                                " where table_schema = 'staging'").fetchone()[0])
    finally:
        con.close()


def test_salesops_run_stops_at_the_rule_and_names_it(home, capsys):
    assert main(["run", "--skip-sop"]) == 1
    err = capsys.readouterr().err
    assert BLOCKING_CHECK in err and "erp__sales_orders.status_in_set" in err and "SO2" in err
    assert not _staging_built(home)
    rule = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True).execute(
        "select severity, unexpected_count from quality.rule_results where rule_id = 'raw.erp__sales_orders.status_in_set'"
    ).fetchone()
    assert rule == ("critical", 1)


@pytest.mark.parametrize("start", ["schedule", "sensor"])
def test_runs_started_by_the_schedule_or_the_sensor_are_blocked_too(home, start):
    settings = Settings.from_env()
    with open_instance(settings.dagster_home) as instance:
        job = build_definitions(settings).resolve_job_def("salesops_pipeline")
        if start == "schedule":
            schedule = daily_schedule(settings.timezone)
            request = schedule.evaluate_tick(dg.build_schedule_context(instance=instance)).run_requests[0]
        else:
            sensor = landing_sensor(settings.landing_dir)
            request = sensor.evaluate_tick(dg.build_sensor_context(instance=instance)).run_requests[0]
        assert request.job_name in (None, "salesops_pipeline")
        result = job.execute_in_process(instance=instance, tags=request.tags, raise_on_error=False)
    assert not result.success
    failed = [event.step_key for event in result.all_events if event.is_step_failure]
    assert failed == [BLOCKING_CHECK]
    assert not _staging_built(home)
