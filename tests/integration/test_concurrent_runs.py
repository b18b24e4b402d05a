"""Two runs started together: the second waits for the writer, both succeed, every file loads once."""

import os
import subprocess
import sys

import duckdb
import pytest

from tests.conftest import deliver

pytestmark = pytest.mark.integration

REPS = "rep_id,rep_name,team,region,manager_rep_id,hire_date,termination_date\nR1,张伟,华东一组,华东,,2020-01-01,\n"
STORES = ("store_id,store_name,store_type,region,province,city,open_date,close_date,area_sqm\n"
          "S01,南京西路店,旗舰店,华东,上海市,上海,2019-05-01,,350\n")


def test_two_runs_started_together_neither_fails_nor_loads_twice(tmp_path):
    home = tmp_path / "home"
    deliver(home / "landing", "crm", "reps", "reps_20261101.csv", REPS)
    deliver(home / "landing", "pos", "stores", "stores_20261101.csv", STORES)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SALESOPS_", "DAGSTER_"))}
    env["SALESOPS_HOME"] = str(home)
    command = [sys.executable, "-c", "import sys; from orchestration.cli import main; sys.exit(main(sys.argv[1:]))",
               "run", "--skip-sop"]
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    outputs = [run.communicate(timeout=900) for run in runs]

    for run, (out, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, err[-2000:]
        assert "运行成功" in out
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    loads = con.execute("select source_file, status from audit.file_loads order by 1").fetchall()
    reps = con.execute("select count(*) from raw.crm__reps").fetchone()[0]
    con.close()
    assert loads == [("crm/reps/reps_20261101.csv", "loaded"), ("pos/stores/stores_20261101.csv", "loaded")]
    assert reps == 1
