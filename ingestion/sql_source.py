"""Pulling an entity's table from a source database (CRM on PostgreSQL, ERP on MySQL, ...).

A pull streams the table ordered by its key, so line numbers are stable positions, and is
hashed as it streams: an unchanged table loads nothing, a changed one replaces the last pull.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator

import sqlalchemy as sa

from ingestion.batches import Batch, normalise_header, rows_to_batch, value_to_text
from ingestion.contract import Entity
from ingestion.landing import SourceUnit
from ingestion.readers import Extract


def source_unit(entity: Entity, pulled_at: dt.datetime) -> SourceUnit:
    """A pull is named db:<system>/<entity>; later pulls sort after every earlier delivery."""
    return SourceUnit(
        source_file=f"db:{entity.system}/{entity.name}",
        file_name=entity.name,
        file_date=pulled_at.date(),
        file_seq=int(pulled_at.strftime("%H%M%S")) + 1_000_000,
        file_format="sql",
    )


def redact(url: str) -> str:
    """The URL with its password hidden, for logs and error messages."""
    return sa.engine.make_url(url).render_as_string(hide_password=True)


class SqlTableExtract(Extract):
    """Streams `entity.name` from the database at `url`; `content_sha256()` once fully read."""

    def __init__(self, url: str, entity: Entity, batch_rows: int):
        self._engine = sa.create_engine(url)
        self._batch_rows = batch_rows
        self._digest = hashlib.sha256()
        self._connection = self._engine.connect()
        table = sa.Table(entity.name, sa.MetaData(), autoload_with=self._connection)
        by_name = {c.name.lower(): c for c in table.columns}
        order = [by_name[k] for k in entity.key if k in by_name]
        if "updated_at" in by_name:
            order.append(by_name["updated_at"])
        self._result = self._connection.execution_options(stream_results=True).execute(
            sa.select(table).order_by(*order)
        )
        self.header = normalise_header(list(self._result.keys()))

    def batches(self) -> Iterator[Batch]:
        line = 0
        for rows in self._result.partitions(self._batch_rows):
            texts = [[value_to_text(v) for v in row] for row in rows]
            for record in texts:
                self._digest.update(repr(record).encode())
            lines = list(range(line + 1, line + 1 + len(texts)))
            line += len(texts)
            yield rows_to_batch(self.header, lines, texts, [])
        if line == 0:
            yield rows_to_batch(self.header, [], [], [])

    def content_sha256(self) -> str:
        return self._digest.hexdigest()

    def close(self) -> None:
        self._result.close()
        self._connection.close()
        self._engine.dispose()


def has_table(url: str, entity: Entity) -> bool:
    engine = sa.create_engine(url)
    try:
        return sa.inspect(engine).has_table(entity.name)
    finally:
        engine.dispose()
