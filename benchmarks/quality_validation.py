"""Benchmark: quality rules on a synthetic 10M-row POS transactions table, DuckDB SQL vs GE pandas.

`python -m benchmarks.quality_validation --rows 10000000 --ge-pandas-rows 1000000` writes
benchmarks/results/quality_10m.md. Each phase runs in its own process so peak RSS is its own.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pandas as pd

from benchmarks.machine import git_commit, machine_info
from ingestion.schema import ensure_schema

RESULTS = Path(__file__).resolve().parent / "results"

# 1 in 10,000 barcodes gets a wrong check digit, 1 in 50,000 payment methods is unknown.
_FILL = """
insert into raw.pos__transactions
select 'R' || lpad(cast(i // 3 as varchar), 9, '0'), i % 3 + 1, 'ST' || lpad(cast(i % 400 as varchar), 4, '0'),
       timestamp '2026-01-01' + to_seconds(i // 40), b.barcode,
       case when i % 97 = 0 then -1 else 1 + i % 4 end, 9.9 + i % 50, i % 7, null,
       case when i % 50000 = 0 then 'bitcoin' else ['微信支付', '支付宝', '现金'][i % 3 + 1] end,
       null, i // 100000 + 1, 'pos/transactions/transactions_' || (i // 100000 + 1) || '.csv', i % 100000 + 2,
       now()::timestamp
from range({rows}) as t(i) join barcodes as b on b.n = i % 5000
"""

def _ean_body_with_check(con: duckdb.DuckDBPyConnection) -> None:
    from stdnum import ean
    rows = con.execute("select n, body from (select n, '690' || lpad(cast(n as varchar), 9, '0') as body"
                       " from range(5000) as t(n))").fetchall()
    good = [(n, body + ean.calc_check_digit(body)) for n, body in rows]
    frame = pd.DataFrame({"n": [n for n, _ in good],
                          "barcode": [code if n % 500 != 7 else code[:-1] + str((int(code[-1]) + 1) % 10)
                                      for n, code in good]})
    con.register("barcode_frame", frame)
    con.execute("create temp table barcodes as select * from barcode_frame")


def build(path: Path, rows: int) -> None:
    con = duckdb.connect(str(path))
    ensure_schema(con)
    _ean_body_with_check(con)
    con.execute(_FILL.format(rows=rows))
    con.execute("""insert into audit.file_loads (batch_id, source_system, entity, source_file, file_name, file_date,
                   rows_read, rows_loaded, status, started_at)
                   select _batch_id, 'pos', 'transactions', any_value(_source_file), any_value(_source_file),
                          current_date - cast(max(_batch_id) over () - _batch_id as int), count(*), count(*),
                          'loaded', now()::timestamp
                   from raw.pos__transactions group by _batch_id""")
    con.close()


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def phase_duckdb(path: Path) -> dict:
    from quality.runner import validate
    con = duckdb.connect(str(path))
    start = time.perf_counter()
    outcome = validate(con, "raw.pos__transactions")
    seconds = time.perf_counter() - start
    failed = {r.rule.id: r.unexpected_count for r in outcome.failed}
    return {"seconds": round(seconds, 2), "peak_rss_mib": round(_peak_rss_mib()), "rules": len(outcome.results),
            "failed": failed}


def phase_ge_pandas(path: Path, rows: int) -> dict:
    """The same built-in expectations through GE's own pandas engine, for comparison."""
    import great_expectations as gx
    con = duckdb.connect(str(path), read_only=True)
    start = time.perf_counter()
    frame = con.execute(f"select * exclude (_extra) from raw.pos__transactions limit {rows}").df()
    loaded = time.perf_counter() - start
    context = gx.get_context(mode="ephemeral")
    batch = context.data_sources.add_pandas("bench").add_dataframe_asset("tx").add_batch_definition_whole_dataframe(
        "all").get_batch(batch_parameters={"dataframe": frame})
    suite = gx.ExpectationSuite(name="tx", expectations=[
        *[gx.expectations.ExpectColumnValuesToNotBeNull(column=c) for c in
          ("receipt_id", "line_no", "store_id", "sold_at", "barcode", "qty", "unit_price")],
        gx.expectations.ExpectCompoundColumnsToBeUnique(column_list=["_batch_id", "receipt_id", "line_no"]),
        gx.expectations.ExpectColumnValuesToBeInSet(column="payment_method", value_set=["微信支付", "支付宝", "现金"]),
        gx.expectations.ExpectColumnValuesToBeBetween(column="unit_price", min_value=0),
        gx.expectations.ExpectColumnValuesToMatchRegex(column="barcode", regex=r"^\d{13}$"),
    ])
    result = batch.validate(suite)
    seconds = time.perf_counter() - start
    return {"rows": rows, "seconds": round(seconds, 2), "load_seconds": round(loaded, 2),
            "peak_rss_mib": round(_peak_rss_mib()), "success": result.success}


def _child(*args: str) -> dict:
    out = subprocess.run([sys.executable, "-m", "benchmarks.quality_validation", *args], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--ge-pandas-rows", type=int, default=1_000_000, help="0 skips the GE pandas comparison")
    parser.add_argument("--phase", choices=["duckdb", "ge_pandas"], help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase:
        result = phase_duckdb(args.db) if args.phase == "duckdb" else phase_ge_pandas(args.db, args.ge_pandas_rows)
        print(json.dumps(result, ensure_ascii=False))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        start = time.perf_counter()
        build(db, args.rows)
        build_seconds = time.perf_counter() - start
        duck = _child("--phase", "duckdb", "--db", str(db))
        pandas = _child("--phase", "ge_pandas", "--db", str(db), "--ge-pandas-rows", str(args.ge_pandas_rows)) \
            if args.ge_pandas_rows else None
    report = _markdown(args.rows, build_seconds, duck, pandas)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "quality_10m.md").write_text(report, encoding="utf-8")
    print(report)
    return 0


def _markdown(rows: int, build_seconds: float, duck: dict, pandas: dict | None) -> str:
    lines = [
        "# Quality validation benchmark", "",
        f"Commit `{git_commit()}`, machine {json.dumps(machine_info(), ensure_ascii=False)}.", "",
        f"Synthetic `raw.pos__transactions`: {rows:,} rows in {-(-rows // 100_000)} deliveries of 100,000,"
        f" built in {build_seconds:.1f} s.", "",
        "| approach | rows | rules | seconds | peak RSS (MiB) |", "|---|---:|---:|---:|---:|",
        f"| DuckDB SQL engine, all rules of the table, persisted (quality.runner.validate) | {rows:,} |"
        f" {duck['rules']} | {duck['seconds']} | {duck['peak_rss_mib']} |",
    ]
    if pandas:
        lines.append(f"| GE 1.x pandas engine, 11 built-in expectations (load {pandas['load_seconds']} s incl.)"
                     f" | {pandas['rows']:,} | 11 | {pandas['seconds']} | {pandas['peak_rss_mib']} |")
    lines += ["", f"Failures found by the DuckDB run (planted): `{json.dumps(duck['failed'], ensure_ascii=False)}`", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
