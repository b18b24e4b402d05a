"""Planner overrides: read, validate, and apply them to the statistical forecast as the consensus.

Overrides files (csv in UTF-8, or xlsx) land in `<landing>/sop/overrides` with one override a row:
`forecast_version, level, product_code, category_l1, region, month (YYYY-MM), override_qty,
adjust_pct, planner, reason`. A row fills exactly one of `override_qty` (absolute quantity that
replaces the forecast) and `adjust_pct` (10 means +10%), and only the keys of its level. Rows
that fail a check are returned with a bilingual reason, never dropped.

The consensus is built at product_region and summed upwards, so it is coherent across levels.
An override above product_region is spread over the product_region cells below it in proportion
to their current forecast (equally when those are all zero). Overrides apply from the coarsest
level down, so where a product_region override sits inside a category override the finer one
wins for its cells and the category total moves by the difference.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

LEVEL_KEYS = {
    "total": (),
    "category_l1": ("category_l1",),
    "category_l1_region": ("category_l1", "region"),
    "product_region": ("product_code", "region"),
}
KEY_COLUMNS = ("product_code", "category_l1", "region")
OVERRIDE_COLUMNS = (
    "forecast_version", "level", *KEY_COLUMNS, "month", "override_qty", "adjust_pct", "planner", "reason",
)
INTERVALS = ("yhat_lo_80", "yhat_hi_80", "yhat_lo_95", "yhat_hi_95")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])(-01( 00:00:00)?)?$")


def override_files(landing: Path) -> list[Path]:
    """The overrides files in `<landing>/sop/overrides`, in name order."""
    folder = Path(landing) / "sop" / "overrides"
    return sorted(path for path in folder.glob("*") if path.suffix.lower() in {".csv", ".xlsx"})


def read_overrides(path: Path) -> pd.DataFrame:
    """One overrides file as text columns plus `source_file` and `source_row` (the header is row 1).

    Raises:
        ValueError: when required columns are missing; the message names them.
    """
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        raw = pd.read_excel(path, dtype=str).fillna("")
    else:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    raw.columns = [str(column).strip().lower() for column in raw.columns]
    missing = [column for column in OVERRIDE_COLUMNS if column not in raw]
    if missing:
        raise ValueError(f"调整文件缺少列 / overrides file {path.name} lacks columns {missing}; "
                         f"expected {', '.join(OVERRIDE_COLUMNS)}")
    raw = raw[list(OVERRIDE_COLUMNS)].apply(lambda column: column.str.strip())
    return raw.assign(source_file=path.name, source_row=np.arange(2, len(raw) + 2))


def validate_overrides(raw: pd.DataFrame, statistical: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split overrides into accepted (typed) and rejected rows (`reject_reason`, `raw_values`).

    `statistical` is the forecast the overrides apply to (see `apply_overrides`); its versions,
    months and product_region keys decide what is known. A row naming aggregate keys is known
    when some product_region row of that version lies below them.
    """
    parsed = pd.DataFrame([_parse_row(row, statistical) for row in raw.to_dict("records")], index=raw.index)
    ok = parsed["reject_reason"] == ""
    unknown = parsed.index[ok][~_has_cells(parsed.loc[ok], statistical)]
    parsed.loc[unknown, "reject_reason"] = (
        "未知键：该版本没有对应的统计预测 / unknown keys: no statistical forecast below them")
    ok = parsed["reject_reason"] == ""
    identity = ["forecast_version", "level", *KEY_COLUMNS, "month"]
    duplicated = parsed.loc[ok, identity].astype(str).duplicated(keep=False)
    parsed.loc[duplicated.index[duplicated], "reject_reason"] = (
        "同一键和月份重复调整 / duplicate override for the same keys and month")
    ok = parsed["reject_reason"] == ""
    accepted = parsed.loc[ok].drop(columns="reject_reason").reset_index(drop=True)
    rejected = raw.loc[~ok, ["source_file", "source_row", "forecast_version"]].assign(
        raw_values=[json.dumps(row, ensure_ascii=False)
                    for row in raw.loc[~ok, list(OVERRIDE_COLUMNS)].to_dict("records")],
        reject_reason=parsed.loc[~ok, "reject_reason"],
    )
    return accepted, rejected.reset_index(drop=True)


def apply_overrides(statistical: pd.DataFrame, accepted: pd.DataFrame) -> pd.DataFrame:
    """The consensus forecast: statistical rows with overrides applied, coherent across levels.

    `statistical` has one row per `forecast_version, unique_id, month` with `level`,
    `product_code, category_l1, region` (product_region rows carry all three), `model, segment,
    yhat` and the 80%/95% bounds. Returns the same rows with `statistical_yhat`, the consensus
    `yhat`, bounds scaled by consensus/statistical (shifted when the statistical yhat is 0,
    then floored at 0, so they stay ordered), `is_overridden`, `planner` and `reason`.

    Raises:
        ValueError: when a version, series and month appears twice (pick one model first).
    """
    if statistical.duplicated(["forecast_version", "unique_id", "month"]).any():
        raise ValueError("统计预测中同一序列月份有多行 / several rows per version, series and month; "
                         "keep the chosen model only")
    frame = statistical.assign(month=pd.to_datetime(statistical["month"]), statistical_yhat=statistical["yhat"])
    cells = frame.loc[frame["level"] == "product_region"].copy()
    cells["planners"] = [[] for _ in range(len(cells))]
    cells["reasons"] = [[] for _ in range(len(cells))]
    order = {level: rank for rank, level in enumerate(LEVEL_KEYS)}
    for override in sorted(accepted.to_dict("records"), key=lambda row: order[row["level"]]):
        mask = _below(cells, override)
        current = cells.loc[mask, "yhat"]
        if pd.notna(override["override_qty"]):
            total = current.sum()
            target = override["override_qty"]
            cells.loc[mask, "yhat"] = current * target / total if total > 0 else target / mask.sum()
        else:
            cells.loc[mask, "yhat"] = current * (1 + override["adjust_pct"] / 100)
        for index in cells.index[mask]:
            cells.at[index, "planners"].append(override["planner"])
            cells.at[index, "reasons"].append(override["reason"])
    cells["is_overridden"] = cells["planners"].map(bool)
    aggregates = [_roll_up(frame, cells, level) for level in LEVEL_KEYS if level != "product_region"]
    consensus = pd.concat([cells, *aggregates])
    consensus["planner"] = consensus["planners"].map(lambda names: ", ".join(dict.fromkeys(names)) or None)
    consensus["reason"] = consensus["reasons"].map(
        lambda texts: "；".join(dict.fromkeys(text for text in texts if text)) or None)
    return _adjust_bounds(consensus.drop(columns=["planners", "reasons"])).reset_index(drop=True)


def _parse_row(row: dict, statistical: pd.DataFrame) -> dict:
    """Type one raw row and collect every reason to reject it (joined with '；')."""
    reasons = []
    version, level = row["forecast_version"], row["level"]
    if version not in set(statistical["forecast_version"]):
        reasons.append(f"未知预测版本 {version} / unknown forecast version {version!r}")
    keys = LEVEL_KEYS.get(level)
    if keys is None:
        reasons.append(f"未知层级 {level} / unknown level {level!r}; use one of {', '.join(LEVEL_KEYS)}")
        keys = KEY_COLUMNS
    reasons += [f"缺少键 {column} / {column} is required at level {level}" for column in keys if not row[column]]
    reasons += [f"层级 {level} 不应填写 {column} / {column} must be empty at level {level}"
                for column in KEY_COLUMNS if column not in keys and row[column]]
    match = _MONTH.match(row["month"])
    month = pd.Timestamp(year=int(match[1]), month=int(match[2]), day=1) if match else pd.NaT
    if not match:
        reasons.append(f"月份格式应为 YYYY-MM / month must be YYYY-MM, got {row['month']!r}")
    elif not ((statistical["forecast_version"] == version) & (pd.to_datetime(statistical["month"]) == month)).any():
        reasons.append(f"月份 {row['month']} 不在该版本预测期内 / month is not forecast in version {version!r}")
    quantity = _number(row["override_qty"], "override_qty", reasons)
    percent = _number(row["adjust_pct"], "adjust_pct", reasons)
    if (row["override_qty"] == "") == (row["adjust_pct"] == ""):
        reasons.append("须且只须填写 override_qty 或 adjust_pct 之一 / fill exactly one of override_qty and adjust_pct")
    if quantity < 0:
        reasons.append("调整数量不能为负 / override_qty must not be negative")
    if percent <= -100:
        reasons.append("调整百分比须大于 -100 / adjust_pct must be above -100")
    if not row["planner"]:
        reasons.append("缺少计划员 / planner is required")
    typed = {column: (row[column] or None) if column in keys else None for column in KEY_COLUMNS}
    return {"forecast_version": version, "level": level, **typed, "month": month, "override_qty": quantity,
            "adjust_pct": percent, "planner": row["planner"], "reason": row["reason"] or None,
            "source_file": row["source_file"], "source_row": row["source_row"], "reject_reason": "；".join(reasons)}


def _number(text: str, column: str, reasons: list[str]) -> float:
    """Parse a number; an empty cell is NaN; anything else unparseable adds a reason."""
    if text == "":
        return np.nan
    try:
        return float(text.replace(",", "").rstrip("%"))
    except ValueError:
        reasons.append(f"{column} 不是数字 / {column} is not a number: {text!r}")
        return np.nan


def _below(cells: pd.DataFrame, override: dict) -> pd.Series:
    """The product_region cells of the override's version and month that lie under its keys."""
    mask = (cells["forecast_version"] == override["forecast_version"]) & (cells["month"] == override["month"])
    for column in LEVEL_KEYS[override["level"]]:
        mask &= cells[column] == override[column]
    return mask


def _has_cells(parsed: pd.DataFrame, statistical: pd.DataFrame) -> np.ndarray:
    """Whether each (valid) override has product_region cells below it."""
    cells = statistical.loc[statistical["level"] == "product_region"].assign(
        month=lambda frame: pd.to_datetime(frame["month"]))
    return np.array([bool(_below(cells, row).any()) for row in parsed.to_dict("records")], dtype=bool)


def _roll_up(frame: pd.DataFrame, cells: pd.DataFrame, level: str) -> pd.DataFrame:
    """Aggregate rows of `level`: the consensus is the sum of the product_region cells below."""
    keys = ["forecast_version", "month", *LEVEL_KEYS[level]]
    sums = cells.groupby(keys, dropna=False).agg(
        consensus=("yhat", "sum"), is_overridden=("is_overridden", "any"),
        planners=("planners", lambda lists: [name for names in lists for name in names]),
        reasons=("reasons", lambda lists: [text for texts in lists for text in texts]),
    ).reset_index()
    nodes = frame.loc[frame["level"] == level].merge(sums, on=keys, how="left")
    nodes["yhat"] = nodes["consensus"].fillna(nodes["yhat"])
    nodes["is_overridden"] = nodes["is_overridden"].fillna(False).astype(bool)
    for column in ("planners", "reasons"):
        nodes[column] = nodes[column].map(lambda value: value if isinstance(value, list) else [])
    return nodes.drop(columns="consensus")


def _adjust_bounds(frame: pd.DataFrame) -> pd.DataFrame:
    """Move the bounds with the forecast: scale by consensus/statistical, or shift from a zero forecast."""
    ratio = frame["yhat"] / frame["statistical_yhat"].where(frame["statistical_yhat"] > 0)
    shift = frame["yhat"] - frame["statistical_yhat"]
    for column in INTERVALS:
        moved = (frame[column] * ratio).where(ratio.notna(), frame[column] + shift)
        frame[column] = moved.clip(lower=0)
    return frame
