"""Logical values to the cells a file holds, in the mixed formats real exports use.

Every variant written here is one EXTRACTS.md promises will parse (amounts with thousands
separators and ¥/￥, three date formats, timestamps with or without seconds, `T` or an
offset, four boolean spellings, full-width digits, stray spaces), so none of it is a
quarantine case: those are injected separately, by `problems`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from demodata import vocab
from ingestion.contract import Column, Entity

BOOL_PAIRS = (("true", "false"), ("1", "0"), ("是", "否"), ("Y", "N"))
DATE_FORMATS = ("iso", "slash", "compact")
FREE_TEXT_SUFFIXES = ("_name", "outcome", "province", "city")


@dataclass(frozen=True)
class Style:
    """How one file spells its values.

    kind: "text" (CSV, xlsx), "json" (jsonl API dumps), "typed" (parquet with natural types)
    or "strings" (parquet with canonical strings). mess is the share of values written in a
    non-canonical but valid format; date_format and bool_pair are the file's canonical ones.
    """

    kind: str = "text"
    mess: float = 0.03
    date_format: str = "iso"
    bool_pair: tuple[str, str] = ("true", "false")


def is_code(entity: Entity, column: Column) -> bool:
    """Key and code columns stay ASCII: at most a stray leading or trailing space."""
    return (
        column.name in entity.key or column.name.endswith(("_id", "_code")) or column.name in ("sku", "barcode", "uscc")
    )


def render(frame: pd.DataFrame, entity: Entity, style: Style, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """One object array of cells per contract column; None is an empty cell."""
    return {c.name: _column(frame[c.name], entity, c, style, rng) for c in entity.columns}


def _column(series: pd.Series, entity: Entity, column: Column, style: Style, rng: np.random.Generator) -> np.ndarray:
    missing = series.isna().to_numpy()
    out = np.empty(len(series), dtype=object)
    present = ~missing
    if not present.any():
        return out
    values = series[present]
    if style.kind == "typed":
        out[present] = _natural(values, column)
    elif style.kind == "json":
        out[present] = _json(values, column, style, rng)
    else:
        mess = style.mess if style.kind == "text" else 0.0
        out[present] = _text(values, entity, column, style, mess, rng)
    return out


def _natural(values: pd.Series, column: Column) -> np.ndarray:
    if column.type in ("date", "ts"):
        unit = "datetime64[D]" if column.type == "date" else "datetime64[s]"
        return values.to_numpy().astype(unit).astype(object)
    if column.type == "int":
        return values.astype("int64").to_numpy().astype(object)
    if column.type in ("dec", "money"):
        return values.astype(float).round(4).to_numpy().astype(object)
    return values.to_numpy().astype(object)


def _json(values: pd.Series, column: Column, style: Style, rng: np.random.Generator) -> np.ndarray:
    if column.type == "ts":
        return _timestamps(values, rng, (1 - style.mess, style.mess / 2, style.mess / 2, 0, 0), offset_default=True)
    if column.type == "date":
        return values.to_numpy().astype("datetime64[D]").astype(str).astype(object)
    if column.type == "int":
        return values.astype("int64").to_numpy().astype(object)
    if column.type in ("dec", "money"):
        return values.astype(float).round(4).to_numpy().astype(object)
    if column.type == "bool":
        return values.astype(bool).to_numpy().astype(object)
    return values.to_numpy().astype(object)


def _text(
    values: pd.Series, entity: Entity, column: Column, style: Style, mess: float, rng: np.random.Generator
) -> np.ndarray:
    if column.type == "str":
        out = values.astype(str).to_numpy().astype(object)
        if column.name.endswith(FREE_TEXT_SUFFIXES):
            out = _pad(out, rng, mess * 0.15, ("\u3000", " "))
            out = _full_width(out, rng, mess * 0.3)
        elif is_code(entity, column):
            out = _pad(out, rng, mess * 0.05, (" ",))
        return out
    if column.type == "int":
        out = values.astype("int64").to_numpy().astype(str).astype(object)
        if not is_code(entity, column):
            out = _full_width(out, rng, mess * 0.05)
        return _pad(out, rng, mess * 0.05, (" ",))
    if column.type == "money":
        return _pad(_money(values, rng, mess), rng, mess * 0.03, (" ",))
    if column.type == "dec":
        return _pad(_decimal(values, rng, mess), rng, mess * 0.03, (" ",))
    if column.type == "date":
        return _dates(values, style.date_format, rng, mess)
    if column.type == "ts":
        weights = (1 - mess, mess * 0.3, mess * 0.3, mess * 0.2, mess * 0.2)
        return _timestamps(values, rng, weights, offset_default=False)
    pairs = [style.bool_pair] + [p for p in BOOL_PAIRS if p != style.bool_pair]
    choice = _choose(rng, len(values), (1 - mess, mess / 3, mess / 3, mess / 3))
    flags = values.astype(bool).to_numpy()
    return np.array([pairs[c][0] if f else pairs[c][1] for c, f in zip(choice, flags, strict=False)], dtype=object)


def _choose(rng: np.random.Generator, n: int, weights: tuple[float, ...]) -> np.ndarray:
    p = np.asarray(weights, dtype=float)
    return rng.choice(len(p), size=n, p=p / p.sum())


def _pad(out: np.ndarray, rng: np.random.Generator, rate: float, spaces: tuple[str, ...]) -> np.ndarray:
    hit = np.flatnonzero(rng.random(len(out)) < rate)
    for i in hit:
        space = spaces[int(rng.integers(0, len(spaces)))]
        out[i] = space + out[i] if rng.random() < 0.5 else out[i] + space
    return out


def _full_width(out: np.ndarray, rng: np.random.Generator, rate: float) -> np.ndarray:
    for i in np.flatnonzero(rng.random(len(out)) < rate):
        out[i] = out[i].translate(vocab.FULL_WIDTH)
    return out


def money_text(cents: np.ndarray) -> np.ndarray:
    """Canonical 2-decimal text for non-negative integer cents."""
    whole = (cents // 100).astype(str)
    frac = np.strings.zfill((cents % 100).astype(str), 2)
    return np.strings.add(np.strings.add(whole, "."), frac).astype(object)


def _money(values: pd.Series, rng: np.random.Generator, mess: float) -> np.ndarray:
    cents = np.rint(values.astype(float).to_numpy() * 100).astype("int64")
    out = money_text(cents)
    choice = _choose(rng, len(out), (1 - mess, mess * 0.3, mess * 0.25, mess * 0.15, mess * 0.15, mess * 0.15))
    for i in np.flatnonzero(choice):
        c = int(cents[i])
        grouped = f"{c // 100:,}.{c % 100:02d}"
        out[i] = (
            None,
            out[i].rstrip("0").rstrip("."),
            grouped,
            "¥" + grouped,
            "￥" + grouped,
            out[i].translate(vocab.FULL_WIDTH),
        )[choice[i]]
    return out


def decimal_text(values: np.ndarray) -> np.ndarray:
    """Shortest plain text for non-negative decimals: 12, 0.95, 123.4."""
    text = np.char.mod("%.4f", values.astype(float))
    return np.strings.rstrip(np.strings.rstrip(text, "0"), ".").astype(object)


def _decimal(values: pd.Series, rng: np.random.Generator, mess: float) -> np.ndarray:
    numbers = values.astype(float).to_numpy()
    out = decimal_text(numbers)
    choice = _choose(rng, len(out), (1 - mess, mess * 0.5, mess * 0.3, mess * 0.2))
    for i in np.flatnonzero(choice):
        v = float(numbers[i])
        out[i] = (None, f"{v:.2f}", f"{v:,.4f}".rstrip("0").rstrip("."), out[i].translate(vocab.FULL_WIDTH))[choice[i]]
    return out


def _dates(values: pd.Series, canonical: str, rng: np.random.Generator, mess: float) -> np.ndarray:
    iso = values.to_numpy().astype("datetime64[D]").astype(str)
    forms = {"iso": iso, "slash": np.strings.replace(iso, "-", "/"), "compact": np.strings.replace(iso, "-", "")}
    order = [canonical] + [f for f in DATE_FORMATS if f != canonical]
    choice = _choose(rng, len(iso), (1 - mess, mess / 2, mess / 2))
    return np.choose(choice, [forms[f] for f in order]).astype(object)


def _timestamps(
    values: pd.Series, rng: np.random.Generator, weights: tuple[float, ...], offset_default: bool
) -> np.ndarray:
    """Variants: canonical, `T` separator, +08:00 offset, UTC `Z`, and no seconds (only where :00).

    The canonical form is "YYYY-MM-DD HH:MM:SS" local, or with +08:00 for API dumps; an
    offset always denotes the same instant as the Asia/Shanghai local value.
    """
    local = values.to_numpy().astype("datetime64[s]")
    iso_t = local.astype(str)
    spaced = np.strings.replace(iso_t, "T", " ")
    shanghai = np.strings.add(iso_t, "+08:00")
    utc = np.strings.add((local - np.timedelta64(8, "h")).astype(str), "Z")
    minutes = np.where(local.astype("int64") % 60 == 0, local.astype("datetime64[m]").astype(str), iso_t)
    minutes = np.strings.replace(minutes, "T", " ")
    forms = [shanghai, utc, spaced, iso_t, minutes] if offset_default else [spaced, iso_t, shanghai, utc, minutes]
    choice = _choose(rng, len(local), weights)
    return np.choose(choice, forms).astype(object)
