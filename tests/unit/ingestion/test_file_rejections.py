"""Files that cannot be read are rejected whole, with one clear line, without stopping other files."""

import pytest

from tests.conftest import deliver, ingest

HEADER = "rep_id,rep_name,team,region,manager_rep_id,hire_date,termination_date\n"
GOOD = HEADER + "R1,张伟,华东一组,华东,,2020-01-01,\n"


def _only(results):
    [result] = results
    return result


@pytest.mark.parametrize("content, rule", [
    (HEADER + "R1,张伟,华东一组,华东,,2020-01-01,\nR2,李娜,华", "file_truncated"),
    (HEADER + 'R1,张伟,"华东一组,华东,,2020-01-01,\n', "file_truncated"),
    (b"", "file_empty"),
    (b"\n\n", "file_empty"),
    (b"PK\x03\x04\x00\x00binary\x00\x00", "file_unreadable"),
    ("rep_id,name,region\nR1,张伟,华东\n", "missing_column"),
])
def test_unreadable_files_are_rejected_whole(con, landing, content, rule):
    deliver(landing, "crm", "reps", "reps_20261101.csv", content)
    result = _only(ingest(con, landing, "crm", "reps"))
    assert result.status == "rejected" and result.reason.startswith(rule)
    assert result.rows_loaded == 0 and result.rows_read == result.rows_quarantined
    assert con.execute("select count(*) from raw.crm__reps").fetchone()[0] == 0
    assert con.execute("select rule, source_line from quarantine.rejected_rows").fetchall() == [(rule, None)]


def test_missing_required_column_is_named(con, landing):
    deliver(landing, "crm", "reps", "reps_20261101.csv", "rep_id,team\nR1,华东一组\n")
    result = _only(ingest(con, landing, "crm", "reps"))
    assert "rep_name" in result.reason and "region" in result.reason


def test_truncated_file_counts_the_records_it_read(con, landing):
    deliver(landing, "crm", "reps", "reps_20261101.csv", GOOD + "R2,李娜,华东一组,华东,R1,2021-01-01,\nR3,王")
    result = _only(ingest(con, landing, "crm", "reps"))
    assert (result.rows_read, result.rows_quarantined, result.rows_loaded) == (3, 3, 0)


def test_last_record_without_final_newline_but_complete_loads(con, landing):
    deliver(landing, "crm", "reps", "reps_20261101.csv", GOOD.rstrip("\n"))
    assert _only(ingest(con, landing, "crm", "reps")).rows_loaded == 1


def test_a_bad_file_does_not_stop_the_good_ones(con, landing):
    deliver(landing, "crm", "reps", "reps_20261101.csv", GOOD)
    deliver(landing, "crm", "reps", "reps_20261102.csv", HEADER + "R9,坏")
    deliver(landing, "crm", "reps", "reps_20261103.csv", HEADER + "R2,李娜,华南一组,华南,,2021-01-01,\n")
    results = ingest(con, landing, "crm", "reps")
    assert [r.status for r in results] == ["loaded", "rejected", "loaded"]
    assert con.execute("select count(*) from raw.crm__reps").fetchone()[0] == 2


def test_bad_file_names_are_rejected_and_reported_once(con, landing):
    deliver(landing, "crm", "reps", "reps-latest.csv", GOOD)
    deliver(landing, "crm", "reps", "reps_20261399.csv", GOOD)
    results = ingest(con, landing, "crm", "reps")
    assert [r.status for r in results] == ["rejected", "rejected"]
    assert all(r.reason.startswith("bad_file_name") for r in results)
    assert [r.status for r in ingest(con, landing, "crm", "reps")] == ["unchanged", "unchanged"]


def test_files_still_being_written_are_left_alone(con, landing):
    deliver(landing, "crm", "reps", "reps_20261101.csv.part", GOOD)
    deliver(landing, "crm", "reps", "~$reps_20261101.xlsx", b"lock")
    assert ingest(con, landing, "crm", "reps") == []


def test_header_only_file_loads_zero_rows(con, landing):
    deliver(landing, "crm", "reps", "reps_20261101.csv", HEADER)
    result = _only(ingest(con, landing, "crm", "reps"))
    assert (result.status, result.rows_read) == ("loaded", 0)
