"""The source-database sink: CRM and ERP entities as typed tables behind a SQLAlchemy URL.

A database holds what a typed table can: for snapshot entities every record any export had,
in its latest state (source databases keep retired master rows, so history references
resolve), every version of a delta row that has updated_at (the latest wins), and the
latest version of the other delta rows. It keeps
the anomalies a typed column allows (NULL required values, negative amounts, broken codes);
unparseable values and malformed records only exist in files; a repeated key is read in one
pull, so its earlier versions are duplicate_key like repeats inside one file.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import sqlalchemy as sa

from demodata import problems
from demodata.batch import Batch
from demodata.files import record_totals
from demodata.randomness import stream
from demodata.truth import TOTAL_ENTITIES, Truth
from ingestion.contract import ENTITIES, Entity

SQL_TYPES = {
    "str": sa.Text,
    "int": sa.BigInteger,
    "dec": lambda: sa.Numeric(18, 4),
    "money": lambda: sa.Numeric(18, 2),
    "date": sa.Date,
    "ts": sa.DateTime,
    "bool": sa.Boolean,
}
DB_SYSTEMS = ("crm", "erp")
# Keys in Chinese text sort differently per collation, so these tables get no bad rows.
NO_PROBLEMS = ("erp__sales_targets",)
CHUNK = 5000


class DbSink:
    def __init__(self, url: str, truth: Truth, seed: int) -> None:
        self.engine = sa.create_engine(url)
        self.truth = truth
        self.planner = problems.ProblemPlanner()
        self.metadata = sa.MetaData()
        self.tables = {e.table: _table(self.metadata, e) for e in ENTITIES if e.system in DB_SYSTEMS}
        self.buffered: dict[str, list[pd.DataFrame]] = {}
        self.seed = seed
        self.parts: dict[str, list[pd.DataFrame]] = {}
        self.marks: dict[str, list[tuple[int, str, str]]] = {}
        self.inserted: dict[str, int] = {}
        with self.engine.begin() as conn:
            self.metadata.drop_all(conn)
            self.metadata.create_all(conn)

    @staticmethod
    def accepts(batch: Batch) -> bool:
        return batch.entity.system in DB_SYSTEMS

    def write(self, batch: Batch) -> None:
        entity = batch.entity
        if entity.kind == "snapshot" or not entity.has_updated_at:
            self.buffered.setdefault(entity.table, []).append(batch.frame)
        else:
            frame = batch.frame
            if "_stale" in frame:
                frame = frame[~frame["_stale"].to_numpy(bool)]
            self._insert(entity, frame)

    def finish(self) -> None:
        for table, frames in self.buffered.items():
            entity = next(e for e in ENTITIES if e.table == table)
            latest = pd.concat(frames, ignore_index=True).drop_duplicates(list(entity.key), keep="last")
            self._insert(entity, latest)
        for table, parts in self.parts.items():
            self._record(next(e for e in ENTITIES if e.table == table), parts)
        self.engine.dispose()

    def _insert(self, entity: Entity, frame: pd.DataFrame) -> None:
        frame = frame.reset_index(drop=True).copy()
        rules = {} if entity.table in NO_PROBLEMS else problems.candidate_rules(entity, typed=True, db=True)
        present = {c.name: frame[c.name].notna().to_numpy() for c in entity.columns}
        rng = stream(self.seed, "db", entity.table, len(self.parts.get(entity.table, [])))
        bad = self.planner.plan(entity, present, frame["_flags"].eq("").to_numpy(), rules, rng) if rules else []
        for p in bad:
            frame[p.column] = frame[p.column].astype(object)
            frame.at[p.row, p.column] = None if p.rule == "missing_required" else -float(frame.at[p.row, p.column])
        offset = self.inserted.get(entity.table, 0)
        marks = self.marks.setdefault(entity.table, [])
        marks += [(offset + p.row, p.rule, p.column) for p in bad]
        kept = list(entity.key) + (["updated_at"] if entity.has_updated_at else [])
        if entity.table in TOTAL_ENTITIES:
            kept += ["qty", "unit_price", "discount_amount", "status", "_key"]
        part = frame[[*dict.fromkeys(kept), "_flags"]].copy()
        part["_bad"] = False
        part.loc[[p.row for p in bad], "_bad"] = True
        self.parts.setdefault(entity.table, []).append(part)
        records = _records(entity, frame)
        with self.engine.begin() as conn:
            for start in range(0, len(records), CHUNK):
                conn.execute(self.tables[entity.table].insert(), records[start : start + CHUNK])
        self.inserted[entity.table] = offset + len(frame)

    def _record(self, entity: Entity, parts: list[pd.DataFrame]) -> None:
        """Truth for one table, read as the loader pulls it: one delivery ordered by key, updated_at.

        Line = 1-based position in that order (code-point order for text). As in any single
        delivery, earlier copies of a repeated key are duplicate_key and only the last loads.
        """
        rows = pd.concat(parts, ignore_index=True)
        sort_columns = list(entity.key) + (["updated_at"] if entity.has_updated_at else [])
        ordered = rows.sort_values(sort_columns, kind="mergesort", na_position="first").index.to_numpy()
        position = np.empty(len(rows), dtype="int64")
        position[ordered] = np.arange(1, len(rows) + 1)
        clean = ordered[~rows["_bad"].to_numpy()[ordered]]
        keys = rows.loc[clean, list(entity.key)].reset_index(drop=True)
        same_as_next = (keys.iloc[:-1].to_numpy() == keys.iloc[1:].to_numpy()).all(axis=1)
        repeated = clean[:-1][same_as_next]
        name = f"db/{entity.name}"
        self.truth.bad_rows += [(name, int(position[row]), "duplicate_key", "") for row in repeated]
        for row, rule, column in self.marks.get(entity.table, []):
            self.truth.bad_rows.append((name, int(position[row]), rule, column))
        loaded = ~rows["_bad"].to_numpy()
        loaded[repeated] = False
        for row in np.flatnonzero(rows["_flags"].ne("").to_numpy() & loaded):
            self.truth.flags += [(name, int(position[row]), flag) for flag in rows.at[row, "_flags"].split(";")]
        self.truth.add_file(name, entity.table, len(rows), int((~loaded).sum()))
        if entity.table in TOTAL_ENTITIES:
            record_totals(self.truth, entity, rows, loaded, position, order=1)


def _table(metadata: sa.MetaData, entity: Entity) -> sa.Table:
    return sa.Table(entity.name, metadata, *[sa.Column(c.name, SQL_TYPES[c.type]()) for c in entity.columns])


def _records(entity: Entity, frame: pd.DataFrame) -> list[dict]:
    """Plain Python values per row: str, int, float, date, naive local datetime, bool or None."""
    columns = {}
    for c in entity.columns:
        series = frame[c.name]
        missing = series.isna().to_numpy()
        present = series[~missing]
        if c.type == "date":
            converted = list(pd.to_datetime(present).dt.date)
        elif c.type == "ts":
            converted = [stamp.to_pydatetime() for stamp in pd.to_datetime(present)]
        elif c.type == "int":
            converted = present.astype("int64").tolist()
        elif c.type in ("dec", "money"):
            converted = present.astype(float).round(4 if c.type == "dec" else 2).tolist()
        elif c.type == "bool":
            converted = present.astype(bool).tolist()
        else:
            converted = present.tolist()
        values = np.full(len(series), None, dtype=object)
        values[~missing] = converted
        columns[c.name] = values.tolist()
    names = list(columns)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns.values(), strict=True)]
