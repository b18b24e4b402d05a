"""`python -m demodata --landing DIR --truth DIR [--scale S] [--seed N] [--end-month YYYY-MM] [--to-db URL]`."""

from __future__ import annotations

import argparse
from pathlib import Path

from demodata import generate


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m demodata", description="Write the demo source extracts and their truth."
    )
    parser.add_argument("--landing", type=Path, required=True, help="landing directory for the extract files")
    parser.add_argument("--truth", type=Path, required=True, help="directory for the ground truth (not inside landing)")
    parser.add_argument("--scale", type=float, default=1.0, help="volume factor (1.0 = ~1M POS lines)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--end-month", help="last month of history, YYYY-MM (default: last full month)")
    parser.add_argument("--to-db", help="SQLAlchemy URL: write CRM and ERP as tables there instead of files")
    args = parser.parse_args(argv)
    summary = generate(args.landing, args.truth, args.scale, args.seed, args.end_month, args.to_db)
    for name, count in summary.rows.items():
        print(f"{name:28s} {count:>10,d} rows")
    print(f"{len(summary.files)} files in {args.landing}, truth in {summary.truth_dir}, {summary.seconds:.1f} s")


if __name__ == "__main__":
    main()
