"""The whole ingestion path on generated demo data, measured against the generator's ground truth."""

import csv
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import duckdb
import pytest

from demodata import generate
from orchestration.cli import main
from orchestration.definitions import build_definitions
from orchestration.instance import open_instance
from orchestration.jobs import landing_sensor
from orchestration.settings import Settings
from tests.conftest import isolate_settings

pytestmark = pytest.mark.e2e

SCALE = 0.05
# Everything a run builds from the landing files; a second run over the same files must leave them identical.
BUILT_SCHEMAS = ("raw", "quarantine", "reference", "staging", "intermediate", "snapshots", "mdm", "core", "sales", "sop")
VERSIONS = ["2026-07", "2026-08", "2026-09", "2026-10"]  # Sep. closed with a two-month backfill, then Oct.


def _fingerprints(con) -> dict[str, tuple]:
    """Row count and an order-independent hash of every row, per table."""
    tables = con.execute(
        "select table_schema || '.' || table_name from information_schema.tables"
        " where table_type = 'BASE TABLE' and list_contains($schemas, table_schema) order by 1",
        {"schemas": list(BUILT_SCHEMAS)}).fetchall()
    return {name: con.execute(f"select count(*), sum(hash(t)) from {name} as t").fetchone() for (name,) in tables}


def _month_close(home: Path, settings_timezone: str) -> dict:
    """October lands: the sensor starts the pipeline, then the monthly schedule runs the 2026-10 cycle."""
    settings = Settings.from_env()
    definitions = build_definitions(settings)
    with open_instance(settings.dagster_home) as instance:
        sensor = landing_sensor(settings.landing_dir)
        # the sensor's view of what has landed so far (`salesops run` loaded it already)
        before = sensor.evaluate_tick(dg.build_sensor_context(instance=instance))
        for held in sorted((home / "held").rglob("*.*")):
            target = home / "landing" / held.relative_to(home / "held")
            target.parent.mkdir(parents=True, exist_ok=True)
            held.rename(target)
        fired = sensor.evaluate_tick(dg.build_sensor_context(instance=instance, cursor=before.cursor))
        pipeline = definitions.resolve_job_def("salesops_pipeline").execute_in_process(
            instance=instance, tags=fired.run_requests[0].tags, raise_on_error=False)
        schedule = definitions.get_schedule_def("monthly_sop_cycle")
        tick = dt.datetime(2026, 11, 3, 6, 0, tzinfo=ZoneInfo(settings_timezone))
        request = schedule.evaluate_tick(
            dg.build_schedule_context(instance=instance, scheduled_execution_time=tick)).run_requests[0]
        cycle = definitions.resolve_job_def("sop_cycle").execute_in_process(
            instance=instance, partition_key=request.partition_key, raise_on_error=False)
    held_files = len(list((home / "landing").rglob("*_202610*")))
    assert fired.run_requests[0].tags["salesops/new_files"] == str(held_files)
    return {"sensor_requests": len(fired.run_requests), "pipeline_ok": pipeline.success,
            "cycle_partition": request.partition_key, "cycle_ok": cycle.success,
            "progress": _progress(pipeline) + _progress(cycle), "cycle_series": _forecast_series(cycle)}


def _progress(result: dg.ExecuteInProcessResult) -> list[tuple[str, dict]]:
    """The progress observations a run left in the event log, as the UI shows them: (asset, metadata)."""
    return [(event.asset_key.to_user_string(), {name: entry.value for name, entry in
                                                event.asset_observation_data.asset_observation.metadata.items()})
            for event in result.get_asset_observation_events()]


def _forecast_series(result: dg.ExecuteInProcessResult) -> int:
    [forecast] = [event for event in result.get_asset_materialization_events()
                  if event.asset_key.to_user_string() == "sop/forecast"]
    return forecast.materialization.metadata["series"].value


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A month in the life: history up to September loads and forecasts; October closes; nothing reruns."""
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as patch:
        isolate_settings(patch, home)
        patch.setenv("SALESOPS_SOP_BACKFILL_MONTHS", "2")
        generate(home / "landing", home / "demo_truth", scale=SCALE, seed=11, end_month="2026-10")
        for october in sorted((home / "landing").rglob("*_202610*")):
            held = home / "held" / october.relative_to(home / "landing")
            held.parent.mkdir(parents=True, exist_ok=True)
            october.rename(held)
        first_exit = main(["run"])
        month_close = _month_close(home, "Asia/Shanghai")
        con = duckdb.connect(str(home / "warehouse.duckdb"))
        counts_after_first = con.execute("select count(*) from audit.file_loads").fetchone()[0]
        fingerprints_after_first = _fingerprints(con)
        con.close()
        second_exit = main(["run"])
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    yield {"home": home, "truth": home / "demo_truth", "con": con, "first_exit": first_exit,
           "second_exit": second_exit, "audit_rows_after_first": counts_after_first,
           "fingerprints_after_first": fingerprints_after_first, "month_close": month_close}
    con.close()


def _expected(demo) -> dict:
    return json.loads((demo["truth"] / "expected.json").read_text())


def test_every_run_succeeds_and_month_close_goes_through_the_sensor_and_the_schedule(demo):
    assert demo["first_exit"] == 0 and demo["second_exit"] == 0
    outcome = {name: demo["month_close"][name] for name in ("sensor_requests", "pipeline_ok", "cycle_partition",
                                                              "cycle_ok")}
    assert outcome == {"sensor_requests": 1, "pipeline_ok": True, "cycle_partition": "2026-10-01", "cycle_ok": True}


def test_long_steps_leave_progress_in_the_event_log(demo):
    progress = demo["month_close"]["progress"]
    # dbt's tests on sources leave observations on the raw assets too; progress is the ones with rows read
    ingest = [meta for asset, meta in progress if asset == "raw/pos__transactions" and "rows_read" in meta]
    assert ingest and all(meta["rows_read"] > 0 and meta["source_file"].startswith("pos/") for meta in ingest)
    numbers = [tuple(int(part) for part in meta["file"].split("/")) for meta in ingest]
    assert numbers == sorted(numbers) and numbers[-1][0] == numbers[-1][1]  # October's files come last
    forecast = [meta for asset, meta in progress if asset == "sop/forecast" and "stage" in meta]
    for stage in ("cross_validation", "forecast"):
        last = [meta for meta in forecast if meta["stage"] == stage][-1]
        assert last["series_done"] == last["series_total"] and last["percent"] == 100.0
    assert forecast[-1]["series_total"] == demo["month_close"]["cycle_series"]


def test_every_file_reconciles_with_the_truth(demo):
    expected = _expected(demo)["files"]
    audit = {row[0]: row[1:] for row in demo["con"].execute(
        "select source_file, status, rows_read, rows_loaded, rows_quarantined from audit.file_loads").fetchall()}
    assert set(audit) == set(expected)
    for source_file, truth in expected.items():
        status, read, loaded, quarantined = audit[source_file]
        assert read == loaded + quarantined, source_file
        if truth.get("duplicate_of"):
            assert (status, loaded) == ("duplicate", 0), source_file
        else:
            assert (status, read, loaded, quarantined) == (
                "loaded", truth["records"], truth["loaded"], truth["quarantined"]), source_file


def test_every_seeded_bad_row_is_quarantined_with_its_rule(demo):
    with (demo["truth"] / "bad_rows.csv").open(encoding="utf-8") as handle:
        truth = {(r["file"], int(r["line"]), r["rule"]) for r in csv.DictReader(handle)}
    found = set(demo["con"].execute(
        "select source_file, source_line, rule from quarantine.rejected_rows where status in ('open', 'corrected')").fetchall())
    assert truth, "the generator seeded no bad rows"
    assert found == truth


def test_second_run_over_unchanged_files_loads_nothing(demo):
    con = demo["con"]
    assert con.execute("select count(*) from audit.file_loads").fetchone()[0] == demo["audit_rows_after_first"]


def test_second_run_over_the_same_input_leaves_every_built_table_identical(demo):
    first = demo["fingerprints_after_first"]
    assert {name.split(".")[0] for name in first} == set(BUILT_SCHEMAS)
    assert _fingerprints(demo["con"]) == first


def test_pos_sales_total_matches_to_the_cent(demo):
    totals = _expected(demo)["totals"]
    actual = demo["con"].execute(
        "select sum(qty * unit_price - coalesce(discount_amount, 0)) from raw.pos__transactions").fetchone()[0]
    assert Decimal(actual).quantize(Decimal("0.01")) == Decimal(totals["pos__transactions"]["all_loaded"])


def test_landing_and_truth_are_apart(demo):
    landing = Path(demo["home"]) / "landing"
    assert not any(p.is_relative_to(landing) for p in demo["truth"].rglob("*"))


def _pairs(groups: dict[str, set]) -> set[frozenset]:
    return {frozenset((a, b)) for members in groups.values() for a in members for b in members if a < b}


def test_customer_matching_precision_and_recall_against_the_truth(demo):
    truth: dict[str, set] = {}
    with (demo["truth"] / "customers.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            truth.setdefault(row["entity_id"], set()).add(f"{row['source_system']}:{row['source_key']}")
    predicted: dict[str, set] = {}
    for system, key, code in demo["con"].execute(
            "select source_system, source_key, customer_code from core.customer_xref").fetchall():
        predicted.setdefault(code, set()).add(f"{system}:{key}")
    delivered = set().union(*predicted.values())
    assert delivered <= set().union(*truth.values())
    truth = {entity: members & delivered for entity, members in truth.items()}  # quarantined keys never load
    true_pairs, predicted_pairs = _pairs(truth), _pairs(predicted)
    precision = len(true_pairs & predicted_pairs) / len(predicted_pairs)
    recall = len(true_pairs & predicted_pairs) / len(true_pairs)
    assert precision >= 0.99 and recall >= 0.97, (precision, recall)


def test_sales_fact_reconciles_with_the_truth_to_the_cent(demo):
    totals = _expected(demo)["totals"]
    pos, erp_revenue = demo["con"].execute(
        "select sum(net_amount) filter (where source_system = 'pos'),"
        " sum(net_amount) filter (where source_system = 'erp' and is_revenue) from core.fct_sales_line").fetchone()
    assert pos == Decimal(totals["pos__transactions"]["latest"])
    assert erp_revenue == Decimal(totals["erp__sales_orders"]["net_sales_latest"])


def test_unknown_products_are_counted_under_the_unknown_member(demo):
    flags = set()
    with (demo["truth"] / "flags.csv").open(encoding="utf-8") as handle:
        flags = {r["flag"] for r in csv.DictReader(handle) if r["file"].startswith("pos/")}
    unknown = demo["con"].execute(
        "select count(*) from core.fct_sales_line where source_system = 'pos' and product_code = 'UNKNOWN'"
    ).fetchone()[0]
    assert "unknown_barcode" in flags and unknown > 0


def test_the_run_writes_forecast_versions_consensus_replenishment_and_backfilled_accuracy(demo):
    con = demo["con"]
    versions = [row[0] for row in con.execute("select distinct forecast_version from sop.forecast order by 1").fetchall()]
    assert versions == VERSIONS
    for table in ("consensus_forecast", "replenishment"):
        assert con.execute(f"select count(distinct forecast_version) from sop.{table}").fetchone()[0] == 4, table
    scored = con.execute("select distinct forecast_version, model from sop.forecast_accuracy where level = 'total'"
                         " and lag = 1").fetchall()
    assert sorted(scored) == [(v, m) for v in VERSIONS[:3] for m in ("SeasonalNaive", "consensus", "statistical")]
    horizon = con.execute("select min(lag), max(lag), count(distinct month) from sop.forecast"
                          " where forecast_version = '2026-10'").fetchone()
    assert horizon == (1, 6, 6)
    bad = con.execute("select count(*) from sop.forecast where yhat < 0 or yhat_lo_95 > yhat_lo_80"
                      " or yhat_lo_80 > yhat or yhat > yhat_hi_80 or yhat_hi_80 > yhat_hi_95").fetchone()[0]
    assert bad == 0


def test_a_backfilled_version_only_forecasts_months_after_its_cycle(demo):
    first_month = demo["con"].execute("select min(month) from sop.forecast where forecast_version = '2026-07'"
                                      ).fetchone()[0]
    assert str(first_month) == "2026-08-01"


def test_reports_the_published_copy_and_status_are_there(demo, capsys, monkeypatch):
    home = demo["home"]
    isolate_settings(monkeypatch, home)  # the dbt step exports SALESOPS_WAREHOUSE for its subprocess
    pack = home / "reports" / "sop" / "2026-10" / "index.html"
    assert "预测扇形图" in pack.read_text(encoding="utf-8")
    assert "规则" in (home / "reports" / "quality" / "index.html").read_text(encoding="utf-8")
    published = duckdb.connect(str(home / "published" / "warehouse.duckdb"), read_only=True)
    versions = published.execute("select distinct forecast_version from bi.sop_forecast order by 1").fetchall()
    masked = published.execute("select count(*) from bi.member where phone not like '%****%'").fetchone()[0]
    published.close()
    assert [v for (v,) in versions] == VERSIONS and masked == 0
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert "最新预测版本 / latest forecast version" in out and "2026-10" in out and "published" in out


def test_every_query_in_the_bi_guide_runs_on_the_published_copy(demo):
    guide = (Path(__file__).resolve().parents[2] / "docs" / "bi.md").read_text(encoding="utf-8")
    block = guide.split("```sql", 1)[1].split("```", 1)[0]
    statements = [part.strip() for part in block.split(";") if "select" in part]
    published = duckdb.connect(str(demo["home"] / "published" / "warehouse.duckdb"), read_only=True)
    for statement in statements:
        published.execute(statement).fetchall()
    published.close()
    assert len(statements) >= 9
