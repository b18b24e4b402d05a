"""The landing-directory sink: renders each batch, injects the mess, writes it, records truth."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from demodata import layout, problems, render, writers
from demodata.batch import Batch
from demodata.randomness import stream
from demodata.truth import STATUS_CODES, TOTAL_ENTITIES, Truth
from ingestion.contract import Entity


class FileSink:
    """Writes each batch as one landing file and records its truth (lines, rules, flags, totals)."""

    def __init__(self, landing: Path, truth: Truth, seed: int, start: np.datetime64, end: np.datetime64) -> None:
        self.landing, self.truth, self.seed = landing, truth, seed
        self.start, self.end = start, end
        self.planner = problems.ProblemPlanner()
        self.count: dict[str, int] = {}
        self.written: list[Path] = []
        self.rows: dict[str, int] = {}

    def write(self, batch: Batch) -> None:
        entity, frame = batch.entity, batch.frame.reset_index(drop=True)
        index = self.count.get(entity.table, 0)
        self.count[entity.table] = index + 1
        position = float((batch.cut - self.start).astype(int)) / float((self.end - self.start).astype(int))
        fmt = layout.choose(entity, index, position)
        name = layout.file_name(entity, batch.cut, batch.seq, fmt.ext)
        rng = stream(self.seed, "file", name)
        cells = render.render(frame, entity, fmt.style, rng)
        stale = frame["_stale"].to_numpy(bool) if "_stale" in frame else np.zeros(len(frame), dtype=bool)
        clean = frame["_flags"].eq("").to_numpy() & ~stale
        bad = self._break_values(entity, frame, fmt, cells, clean, int(str(batch.cut)[:4]), rng)
        clean[[p.row for p in bad]] = False
        duplicated = problems.duplicated_rows(clean, index, rng)
        origin, is_copy = _with_copies(len(frame), duplicated, rng)
        header = [c.name for c in entity.columns]
        kept = np.full(len(origin), len(header))
        malformed = self._malformed_position(fmt.ext, index, origin, is_copy, clean, duplicated, rng)
        if malformed is not None:
            kept[malformed] = len(header) // 2
        path = self.landing / name
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = self._write(path, fmt, entity, header, [cells[c][origin] for c in header], kept)
        self._record(name, entity, frame, bad, origin, is_copy, malformed, lines, len(self.written))
        self.written.append(path)
        self.rows[entity.table] = self.rows.get(entity.table, 0) + len(origin)
        if entity.table == "pos__transactions" and index == layout.DUPLICATED_POS_MONTH:
            copy = layout.file_name(entity, batch.cut, 2, fmt.ext)
            shutil.copyfile(path, self.landing / copy)
            self.written.append(self.landing / copy)
            self.truth.add_file(copy, entity.table, len(origin), 0, duplicate_of=name)

    def _break_values(
        self,
        entity: Entity,
        frame: pd.DataFrame,
        fmt: layout.FileFormat,
        cells: dict[str, np.ndarray],
        clean: np.ndarray,
        year: int,
        rng: np.random.Generator,
    ) -> list[problems.Problem]:
        """Give a few clean rows one missing, unparseable or negative value each."""
        rules = problems.candidate_rules(entity, typed=fmt.style.kind == "typed", db=False)
        present = {c: ~pd.isna(v) for c, v in cells.items()}
        bad = self.planner.plan(entity, present, clean, rules, rng)
        for p in bad:
            cells[p.column][p.row] = _corrupt(entity, frame, fmt.style.kind, p, year, rng)
        return bad

    @staticmethod
    def _malformed_position(
        ext: str,
        index: int,
        origin: np.ndarray,
        is_copy: np.ndarray,
        clean: np.ndarray,
        duplicated: np.ndarray,
        rng: np.random.Generator,
    ) -> int | None:
        """One record in the middle of every fourth CSV file loses its trailing fields."""
        if ext != "csv" or index % 4 != 1 or len(origin) < 10:
            return None
        allowed = clean.copy()
        allowed[duplicated] = False
        positions = np.flatnonzero(~is_copy[:-1] & allowed[origin[:-1]])
        return int(positions[rng.integers(0, len(positions))]) if len(positions) else None

    @staticmethod
    def _write(
        path: Path,
        fmt: layout.FileFormat,
        entity: Entity,
        header: list[str],
        columns: list[np.ndarray],
        kept: np.ndarray,
    ) -> np.ndarray:
        if fmt.ext == "csv":
            return writers.write_csv(path, header, columns, kept, fmt.encoding, fmt.line_end)
        if fmt.ext == "xlsx":
            return writers.write_xlsx(path, entity, columns)
        if fmt.ext == "jsonl":
            return writers.write_jsonl(path, header, columns)
        return writers.write_parquet(path, entity, columns, typed=fmt.style.kind == "typed")

    def _record(
        self,
        name: str,
        entity: Entity,
        frame: pd.DataFrame,
        bad: list[problems.Problem],
        origin: np.ndarray,
        is_copy: np.ndarray,
        malformed: int | None,
        lines: np.ndarray,
        order: int,
    ) -> None:
        line_of = np.zeros(len(frame), dtype="int64")
        line_of[origin[~is_copy]] = lines[~is_copy]
        loaded = np.ones(len(frame), dtype=bool)
        for p in bad:
            self.truth.bad_rows.append((name, int(line_of[p.row]), p.rule, p.column))
            loaded[p.row] = False
        for position in np.flatnonzero(is_copy):
            self.truth.bad_rows.append((name, int(lines[position]), "duplicate_key", ""))
        if malformed is not None:
            self.truth.bad_rows.append((name, int(lines[malformed]), "malformed_record", ""))
            loaded[origin[malformed]] = False
        for row in np.flatnonzero(frame["_flags"].ne("").to_numpy() & loaded):
            for flag in frame.at[row, "_flags"].split(";"):
                self.truth.flags.append((name, int(line_of[row]), flag))
        quarantined = len(bad) + int(is_copy.sum()) + (malformed is not None)
        self.truth.add_file(name, entity.table, len(origin), quarantined)
        if entity.table in TOTAL_ENTITIES:
            record_totals(self.truth, entity, frame, loaded, line_of, order)


def _corrupt(
    entity: Entity, frame: pd.DataFrame, kind: str, p: problems.Problem, year: int, rng: np.random.Generator
) -> object:
    """The cell that makes row `p.row` break rule `p.rule` in column `p.column`."""
    if p.rule == "missing_required":
        return None
    if p.rule == "negative_amount":
        value = float(frame.at[p.row, p.column])
        if kind in ("typed", "json"):
            return -value
        return "-" + render.money_text(np.array([round(value * 100)]))[0]
    column = next(c for c in entity.columns if c.name == p.column)
    return problems.invalid_token(column.type, year, rng)


def record_totals(
    truth: Truth, entity: Entity, frame: pd.DataFrame, loaded: np.ndarray, position: np.ndarray, order: int
) -> None:
    """Hand the loaded sales lines (in file order) to the truth's totals."""
    rows = np.flatnonzero(loaded)
    rows = rows[np.argsort(position[rows], kind="stable")]
    part = frame.iloc[rows]
    price = np.rint(part["unit_price"].to_numpy(float) * 100)
    discount = np.rint(part["discount_amount"].fillna(0).to_numpy(float) * 100)
    cents = np.rint(part["qty"].to_numpy(float) * price) - discount
    updated = (
        part["updated_at"].to_numpy().astype("datetime64[s]").astype("int64")
        if entity.has_updated_at
        else np.zeros(len(part))
    )
    status = part["status"].map(STATUS_CODES.index).to_numpy() if "status" in part else np.zeros(len(part))
    truth.add_loaded_lines(entity.table, part["_key"].to_numpy(), updated, order, cents, status)


def _with_copies(n: int, duplicated: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Final row order with an earlier copy inserted somewhere before each duplicated row."""
    before = np.array([rng.integers(0, j + 1) for j in duplicated], dtype="int64")
    sort_key = np.concatenate([np.arange(n) * 2 + 1, before * 2]).astype("int64")
    origin = np.concatenate([np.arange(n), duplicated]).astype("int64")
    is_copy = np.concatenate([np.zeros(n, dtype=bool), np.ones(len(duplicated), dtype=bool)])
    order = np.argsort(sort_key, kind="stable")
    return origin[order], is_copy[order]
