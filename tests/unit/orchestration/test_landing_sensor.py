"""The landing sensor starts one run per new content, and none for copies or untouched files."""

import os
import shutil

import dagster as dg

from orchestration.jobs import landing_changes, landing_sensor
from tests.conftest import deliver

CSV = "rep_id,rep_name,team,region,manager_rep_id,hire_date,termination_date\nR1,张伟,,华东,,,\n"


def test_new_files_then_nothing_then_copies_then_changes(landing):
    first = deliver(landing, "crm", "reps", "reps_20261101.csv", CSV)
    new_files, contents, cursor = landing_changes(landing, None)
    assert new_files == ["crm/reps/reps_20261101.csv"] and len(contents) == 1

    assert landing_changes(landing, cursor)[0] == []

    shutil.copy(first, first.with_name("reps_20261102.csv"))
    os.utime(first, ns=(first.stat().st_atime_ns, first.stat().st_mtime_ns + 10**9))
    new_files, contents, cursor = landing_changes(landing, cursor)
    assert new_files == [] and contents == []

    deliver(landing, "crm", "reps", "reps_20261101.csv", CSV + "R2,李娜,,华南,,,\n")
    assert landing_changes(landing, cursor)[0] == ["crm/reps/reps_20261101.csv"]


def test_files_outside_entity_folders_are_ignored(landing):
    (landing / "sop" / "overrides").mkdir(parents=True)
    (landing / "sop" / "overrides" / "overrides_20261101.csv").write_text("a\n1\n")
    (landing / "notes.txt").write_text("hello")
    assert landing_changes(landing, None)[0] == []


def test_sensor_emits_a_keyed_run_request_once(landing):
    deliver(landing, "crm", "reps", "reps_20261101.csv", CSV)
    sensor = landing_sensor(landing)
    with dg.instance_for_test() as instance:
        result = sensor(dg.build_sensor_context(instance=instance))
        assert len(result.run_requests) == 1 and result.run_requests[0].run_key
        again = sensor(dg.build_sensor_context(instance=instance, cursor=result.cursor))
        assert not again.run_requests and again.skip_reason
