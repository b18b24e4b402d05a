"""Peak memory of ingesting ONE file as it grows: `python -m benchmarks.big_file --lines 1000000 4000000`.

The loader reads a file in bounded batches, so its peak memory should stay flat as one file
grows; this measures it with the same child-process measurement as the stage benchmarks.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from benchmarks.machine import git_commit, machine_info
from benchmarks.measure import Measurement, measure, stage_command

_HEADER = "receipt_id,line_no,store_id,sold_at,barcode,qty,unit_price,discount_amount,member_id,payment_method\n"
_CHUNK = 200_000


def write_pos_file(path: Path, lines: int) -> None:
    """One POS transactions file of `lines` distinct receipt lines, written in bounded chunks."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        handle.write(_HEADER)
        for start in range(0, lines, _CHUNK):
            handle.write("".join(
                f"R{i:010d},1,S{i % 97:03d},2026-10-{1 + i % 28:02d} {8 + i % 12:02d}:15:00,6901234567892,"
                f"{1 + i % 3},{12.5 + i % 7:.2f},0,{f'M{i % 50_000:08d}' if i % 3 else ''},现金\n"
                for i in range(start, min(start + _CHUNK, lines))
            ))


def measure_file(lines: int, root: Path) -> Measurement:
    workdir = root / f"lines_{lines}"
    write_pos_file(workdir / "landing" / "pos" / "transactions" / "transactions_20261031.csv", lines)
    try:
        return measure(stage_command("ingest:pos__transactions", workdir, 1.0))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def report(results: dict[int, Measurement]) -> str:
    machine = machine_info()
    rows = [
        f"| {lines:,} | {m.wall_s:.1f} | {m.cpu_s:.1f} | {m.peak_rss_mib:.0f} | {m.rows_per_s:,.0f} |"
        for lines, m in results.items()
    ]
    return "\n".join([
        f"### One POS file of growing size, commit `{git_commit()}`",
        "",
        f"Machine: {machine['cpu']}, {machine['cores']} cores; one run per size (memory, not speed, is the point).",
        "",
        "| lines in the file | wall s | cpu s | peak RSS MiB | rows/s |",
        "|---:|---:|---:|---:|---:|",
        *rows,
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.big_file", description=__doc__)
    parser.add_argument("--lines", type=int, nargs="+", default=[1_000_000, 4_000_000])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results")
    args = parser.parse_args(argv)
    root = Path(tempfile.mkdtemp(prefix="big_file_"))
    try:
        results = {lines: measure_file(lines, root) for lines in args.lines}
    finally:
        shutil.rmtree(root, ignore_errors=True)
    text = report(results)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "big_file.md").write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
