"""`salesops forecast`: forecast a long csv/parquet history file into a csv/parquet forecast file."""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

# pandas and the engine load when the command runs, not when `salesops` builds its parser

SUFFIXES = (".csv", ".parquet")


def add_forecast_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register the `forecast` sub-command on an existing `add_subparsers()` object."""
    parser = subparsers.add_parser("forecast", help="预测需求 / forecast a long unique_id, ds, y table")
    parser.add_argument("--input", required=True, type=Path, help="历史 / history, .csv or .parquet")
    parser.add_argument("--horizon", required=True, type=int, help="预测期数 / periods ahead (positive)")
    parser.add_argument("--season", type=int, default=12, help="季节长度 / season length (default 12)")
    parser.add_argument("--freq", default="MS", help="频率 / pandas frequency of ds (default MS; integer ds uses 1)")
    parser.add_argument("--levels", default="80,95", help="区间水平 / interval levels, comma-separated (80,95)")
    parser.add_argument("--output", required=True, type=Path, help="输出 / output, .csv or .parquet")
    parser.set_defaults(handler=run_forecast)
    return parser


def run_forecast(args: argparse.Namespace, _settings: object = None) -> int:
    """Handler: 0 on success; 2 with a bilingual message (no traceback) when the input or options are bad."""
    from forecasting.engine import forecast, forecast_columns
    from forecasting.series import ForecastInputError

    try:
        levels = _levels(args.levels)
        for path in (args.input, args.output):
            if path.suffix.lower() not in SUFFIXES:
                raise ForecastInputError(f"文件须为 .csv 或 .parquet / file must be .csv or .parquet: {path}")
        if not args.input.exists():
            raise ForecastInputError(f"找不到输入文件 / input file not found: {args.input}")
        history = _read(args.input)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = forecast(history, args.horizon, season_length=args.season, freq=args.freq, levels=levels,
                              on_progress=_print_progress)
    except ForecastInputError as error:
        print(f"预测失败 / forecast failed: {error}", file=sys.stderr)
        return 2
    output = result.forecasts[["unique_id", "ds", "model", *forecast_columns(levels)]]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    if args.output.suffix.lower() == ".parquet":
        output.to_parquet(args.output, index=False)
    else:
        output.to_csv(args.output, index=False)
    for line in result.warnings:
        print(f"警告 / warning: {line}", file=sys.stderr)
    print(f"已写出预测 / forecasts written: {output['unique_id'].nunique()} 个序列 series ×"
          f" {args.horizon} 期 periods → {args.output}")
    return 0


def _print_progress(stage: str, done: int, total: int) -> None:
    from forecasting.progress import progress_line

    print(f"进度 / progress: {progress_line(stage, done, total)}", file=sys.stderr, flush=True)


def _levels(text: str) -> list[int]:
    from forecasting.series import ForecastInputError

    try:
        return [int(part) for part in text.split(",") if part.strip()]
    except ValueError as error:
        message = f"--levels 须为逗号分隔的整数 / --levels must be integers like 80,95: {text}"
        raise ForecastInputError(message) from error


def _read(path: Path) -> pd.DataFrame:
    import pandas as pd

    from forecasting.series import ForecastInputError

    try:
        return pd.read_parquet(path) if path.suffix.lower() == ".parquet" else pd.read_csv(path)
    except (OSError, ValueError) as error:
        raise ForecastInputError(f"无法读取输入文件 / cannot read input file {path}: {error}") from error


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry point, same options as `salesops forecast`."""
    parser = argparse.ArgumentParser(prog="salesops")
    add_forecast_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["forecast", *(sys.argv[1:] if argv is None else argv)])
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
