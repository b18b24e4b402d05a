"""M3 Monthly accuracy: the engine against the competition's reference methods, scored the M4 way.

Holds out the last 18 months of every series in `shared/data/m3_monthly_sample`, forecasts them
from the rest, and scores sMAPE, MASE (seasonal period 12) and OWA relative to Naive2 at h=18 and
on the first 6 of those 18 steps, plus 80%/95% interval coverage. Every method runs in the same
process on the same split; the engine chooses its models by CV inside the training part only.
"""

from __future__ import annotations

import argparse
import json
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from statsforecast import StatsForecast
from statsforecast.models import AutoARIMA, AutoETS, AutoTheta, SeasonalNaive, Theta

from benchmarks.machine import git_commit, machine_info
from forecasting.engine import forecast

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "m3_monthly_sample" / "train.parquet"
HORIZON, SEASON, LEVELS = 18, 12, (80, 95)


def naive2(y: np.ndarray, h: int, m: int = SEASON) -> np.ndarray:
    """Naive on the seasonally adjusted series (classical multiplicative decomposition), reseasonalised.

    Seasonality is tested as in M4: the lag-m autocorrelation must exceed 1.645 times its standard
    error under Bartlett's formula (90% two-sided).
    """
    n = len(y)
    if n < 3 * m or not _seasonal(y, m):
        return np.repeat(y[-1], h)
    kernel = np.r_[0.5, np.ones(m - 1), 0.5] / m  # centred 2×m moving average
    trend = np.convolve(y, kernel, mode="valid")
    ratios = y[m // 2: m // 2 + len(trend)] / trend
    phase = (np.arange(len(ratios)) + m // 2) % m
    index = np.array([ratios[phase == k].mean() for k in range(m)])
    index = index * m / index.sum()
    adjusted = y / index[np.arange(n) % m]
    return adjusted[-1] * index[np.arange(n, n + h) % m]


def _seasonal(y: np.ndarray, m: int) -> bool:
    centred = y - y.mean()
    denominator = (centred**2).sum()
    acf = np.array([(centred[k:] * centred[:-k]).sum() / denominator for k in range(1, m + 1)])
    limit = 1.645 * np.sqrt((1 + 2 * (acf[:-1] ** 2).sum()) / len(y))
    return abs(acf[-1]) > limit


def _mase_scale(y: pd.Series) -> float:
    """In-sample mean absolute seasonal difference, the MASE denominator."""
    values = y.to_numpy()
    return float(np.abs(values[SEASON:] - values[:-SEASON]).mean())


def score(test: pd.DataFrame, scale: pd.Series, steps: int, naive2_errors: tuple[float, float] | None) -> dict:
    """sMAPE (%) and MASE averaged over series and the first `steps` steps, and OWA against Naive2."""
    part = test[test["step"] <= steps]
    smape = (200 * (part["y"] - part["f"]).abs() / (part["y"].abs() + part["f"].abs())).mean()
    mase = ((part["y"] - part["f"]).abs() / part["unique_id"].map(scale)).mean()
    result = {"smape": float(smape), "mase": float(mase)}
    if naive2_errors:
        result["owa"] = float(0.5 * (smape / naive2_errors[0] + mase / naive2_errors[1]))
    if "lo_80" in part:
        for level in LEVELS:
            inside = (part["y"] >= part[f"lo_{level}"]) & (part["y"] <= part[f"hi_{level}"])
            result[f"coverage_{level}"] = float(inside.mean())
    return result


def run(out: Path, n_jobs: int, limit: int | None, validation: bool = False, margins: tuple[float, ...] = (0.1,),
        full_references: bool = True) -> dict:
    """Score the engine (one variant per combination margin) and the references on one split.

    With `validation`, the real holdout is dropped first and the split sits inside the training
    part: design choices are made there, never on the holdout.
    """
    data = pd.read_parquet(DATA).sort_values(["unique_id", "ds"], ignore_index=True)
    if limit:
        data = data[data["unique_id"].isin(data["unique_id"].drop_duplicates().head(limit))]
    if validation:
        data = data[data.groupby("unique_id").cumcount(ascending=False) >= HORIZON].reset_index(drop=True)
    data["step"] = data.groupby("unique_id").cumcount(ascending=False)
    train, test = data[data["step"] >= HORIZON].drop(columns="step"), data[data["step"] < HORIZON].copy()
    test["step"] = HORIZON - test["step"]
    scale = train.groupby("unique_id")["y"].apply(_mase_scale)
    forecasts, seconds = {}, {}

    chosen, warned = {}, 0
    for margin in margins:
        name = "Engine" if len(margins) == 1 else f"Engine (margin {margin:g})"
        started = time.perf_counter()
        result = forecast(train, HORIZON, season_length=SEASON, freq="MS", levels=LEVELS, n_jobs=n_jobs,
                          nonnegative=False, combination_margin=margin)
        seconds[name] = time.perf_counter() - started
        forecasts[name] = result.forecasts.rename(columns=lambda c: c.replace("yhat_", "").replace("yhat", "f"))
        chosen[name] = result.forecasts.groupby("unique_id")["model"].first().value_counts().to_dict()
        warned = len(result.warnings)

    started = time.perf_counter()
    references = [SeasonalNaive(SEASON), Theta(season_length=SEASON)]
    if full_references:
        references += [AutoTheta(season_length=SEASON), AutoETS(season_length=SEASON), AutoARIMA(season_length=SEASON)]
    raw = StatsForecast(models=references, freq="MS", n_jobs=n_jobs).forecast(df=train, h=HORIZON, level=list(LEVELS))
    seconds["references"] = time.perf_counter() - started
    for name in [repr(m) for m in references]:
        forecasts[name] = raw[["unique_id", "ds"]].assign(
            f=raw[name], **{f"{side}_{lv}": raw[f"{name}-{side}-{lv}"] for lv in LEVELS for side in ("lo", "hi")})
    if full_references:
        members = ["AutoETS", "AutoARIMA", "AutoTheta"]
        forecasts["Combination (mean ETS, ARIMA, AutoTheta)"] = raw[["unique_id", "ds"]].assign(
            f=raw[members].mean(axis=1))
    naive2_rows = [pd.DataFrame({"unique_id": uid, "ds": pd.date_range(g["ds"].iloc[-1], periods=HORIZON + 1,
                                                                         freq="MS")[1:],
                                 "f": naive2(g["y"].to_numpy(), HORIZON)}) for uid, g in train.groupby("unique_id")]
    forecasts["Naive2"] = pd.concat(naive2_rows, ignore_index=True)

    table = {}
    for steps in (HORIZON, 6):
        merged = {name: test.merge(fc, on=["unique_id", "ds"], how="left") for name, fc in forecasts.items()}
        base = score(merged["Naive2"], scale, steps, None)
        table[f"h{steps}"] = {name: score(frame, scale, steps, (base["smape"], base["mase"]))
                              for name, frame in merged.items()}
    report = {"series": int(train["unique_id"].nunique()), "horizon": HORIZON, "h6": "first 6 of the 18 steps",
              "split": "validation (inside the training part)" if validation else "holdout (last 18 months)",
              "seconds": seconds, "engine_models_chosen": chosen, "engine_warnings": warned,
              "results": table, "commit": git_commit(), "machine": machine_info()}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps(report, indent=2))
    out.with_suffix(".md").write_text(markdown(report))
    return report


def markdown(report: dict) -> str:
    timings = ", ".join(f"{name} {seconds:.0f}s" for name, seconds in report["seconds"].items())
    lines = [f"# M3 Monthly accuracy ({report['series']} series, {report['split']})", "",
             f"Commit `{report['commit']}`; {report['machine']['cpu']}, {report['machine']['cores']} cores; {timings}.",
             "h=6 is the first 6 steps of the same 18-step forecasts. Coverage: share of held-out points inside.", "",
             "| method | OWA h18 | sMAPE h18 | MASE h18 | OWA h6 | sMAPE h6 | MASE h6 | cover 80 | cover 95 |",
             "|---|---|---|---|---|---|---|---|---|"]
    for name, r18 in sorted(report["results"]["h18"].items(), key=lambda item: item[1]["owa"]):
        r6 = report["results"]["h6"][name]
        cover = [f"{r18[k]:.1%}" if k in r18 else "–" for k in ("coverage_80", "coverage_95")]
        lines.append(f"| {name} | {r18['owa']:.3f} | {r18['smape']:.2f} | {r18['mase']:.3f} | {r6['owa']:.3f} |"
                     f" {r6['smape']:.2f} | {r6['mase']:.3f} | {cover[0]} | {cover[1]} |")
    lines += ["", f"Engine choices: {report['engine_models_chosen']}; warnings: {report['engine_warnings']}.", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="M3 Monthly accuracy benchmark for the forecasting engine")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/forecast_m3"))
    parser.add_argument("--n-jobs", type=int, default=2)
    parser.add_argument("--limit", type=int, help="first N series only, for a quick check")
    parser.add_argument("--validation", action="store_true",
                        help="split inside the training part (drop the real holdout first), for design choices")
    parser.add_argument("--margins", default="0.25", help="engine variants: combination margins, comma-separated")
    parser.add_argument("--quick-references", action="store_true", help="only seasonal naive, Theta and Naive2")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore")
    margins = tuple(float(m) for m in args.margins.split(","))
    print(markdown(run(args.out, args.n_jobs, args.limit, args.validation, margins, not args.quick_references)))


if __name__ == "__main__":
    main()
