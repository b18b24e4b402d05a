"""`salesops run` executes the real Dagster job in-process against a warehouse on tmp_path."""

import datetime as dt

import dagster as dg
import duckdb
import pytest

from orchestration.cli import main
from orchestration.jobs import daily_schedule
from tests.conftest import deliver

pytestmark = pytest.mark.integration

REPS = "rep_id,rep_name,team,region,manager_rep_id,hire_date,termination_date\nR1,张伟,华东一组,华东,,2020-01-01,\n"
STORES = "store_id,store_name,store_type,region,province,city,open_date,close_date,area_sqm\nS01,南京西路店,旗舰店,华东,上海市,上海,2019-05-01,,350\n"


@pytest.fixture
def home(salesops_home):
    return salesops_home


def test_run_loads_everything_once_and_reports(home, capsys):
    landing = home / "landing"
    deliver(landing, "crm", "reps", "reps_20261101.csv", REPS)
    deliver(landing, "pos", "stores", "stores_20261101.csv", STORES)
    deliver(landing, "pos", "stores", "stores_20261102.csv", "store_id\nS02\n")
    assert main(["run", "--skip-sop"]) == 0
    out = capsys.readouterr().out
    assert "crm__reps" in out and "pos__stores" in out and "missing_column" in out and "运行成功" in out

    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    assert con.execute("select count(*) from raw.crm__reps").fetchone()[0] == 1
    assert con.execute("select count(*) from raw.pos__stores").fetchone()[0] == 1
    con.close()

    assert main(["run", "--skip-sop"]) == 0
    assert "没有新数据" in capsys.readouterr().out

    with dg.DagsterInstance.from_config(str(home / "dagster")) as instance:
        runs = instance.get_runs()
        assert len(runs) == 2 and all(r.job_name == "salesops_pipeline" for r in runs)
        materialization = instance.get_latest_materialization_event(dg.AssetKey(["raw", "pos__stores"]))
        metadata = materialization.asset_materialization.metadata
        assert metadata["files_rejected"].value == 0  # the second run saw nothing new
        first = instance.fetch_materializations(dg.AssetKey(["raw", "pos__stores"]), limit=1, ascending=True).records[0]
        first_meta = first.asset_materialization.metadata
        assert first_meta["files_loaded"].value == 1 and first_meta["files_rejected"].value == 1
        assert "S01" in first_meta["preview"].value


def test_run_exits_nonzero_when_the_pipeline_fails(home, capsys):
    (home / "warehouse.duckdb").mkdir(parents=True)  # a directory where the database file should be
    assert main(["run", "--skip-sop"]) == 1
    assert "运行失败" in capsys.readouterr().err


def test_daily_schedule_runs_the_pipeline_at_two_in_business_time():
    schedule = daily_schedule("Asia/Shanghai")
    assert schedule.cron_schedule == "0 2 * * *" and schedule.execution_timezone == "Asia/Shanghai"
    assert schedule.job_name == "salesops_pipeline"
    with dg.instance_for_test() as instance:
        context = dg.build_schedule_context(instance=instance, scheduled_execution_time=dt.datetime(2026, 11, 22, 2))
        assert len(schedule.evaluate_tick(context).run_requests) == 1
