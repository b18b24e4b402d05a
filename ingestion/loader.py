"""Load one delivery into raw.<system>__<entity>: exactly once, every row loaded or quarantined.

A delivery becomes visible at once when its audit row turns `loaded`. A whole-file rejection
discards whatever was staged and records the reason, so a bad file never leaves half its rows
behind or blocks other files.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import duckdb

from ingestion.batches import Batch
from ingestion.chunk_sql import chunk_statements, duplicate_key_statements
from ingestion.contract import Entity
from ingestion.errors import FileRejected
from ingestion.landing import SourceUnit
from ingestion.readers import Extract, open_extract
from ingestion.sniff import sniff
from ingestion.sql_types import install_macros
from ingestion.suppression import ChunkSuppressor

DEFAULT_BATCH_ROWS = 100_000
ProgressCallback = Callable[[str, int], None]


@dataclass(frozen=True)
class LoadResult:
    source_file: str
    status: str  # loaded | duplicate | rejected | unchanged
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    reason: str | None = None
    schema_drift: tuple[str, ...] = ()
    batch_id: int | None = None
    superseded: tuple[int, ...] = ()


@dataclass
class _Counts:
    read: int = 0
    loaded: int = 0
    quarantined: int = 0


class EntityLoader:
    """Loads deliveries of one entity through one DuckDB connection (the single writer)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, entity: Entity, timezone: str,
                 batch_rows: int = DEFAULT_BATCH_ROWS, on_progress: ProgressCallback | None = None,
                 pii_salt: str | None = None):
        self.con = con
        self.entity = entity
        self.batch_rows = batch_rows
        self.on_progress = on_progress
        install_macros(con, timezone)
        self._dup_quarantine, self._dup_delete = duplicate_key_statements(entity)
        self._suppressor = ChunkSuppressor.for_table(con, entity.table, pii_salt)

    def load_file(self, unit: SourceUnit) -> LoadResult:
        """Load a landing file unless this exact file (path, size, mtime) was seen before."""
        assert unit.path is not None
        stat = unit.path.stat()
        seen = self.con.execute(
            "select 1 from audit.file_loads where source_file = ? and size_bytes = ? and mtime_ns = ?"
            " and status <> 'superseded' limit 1",
            [unit.source_file, stat.st_size, stat.st_mtime_ns],
        ).fetchone()
        if seen:
            return LoadResult(unit.source_file, "unchanged")
        file_meta = {"size_bytes": stat.st_size, "mtime_ns": stat.st_mtime_ns}
        if unit.problem:
            return self._reject(unit, FileRejected("bad_file_name", unit.problem), _Counts(), file_meta)
        try:
            facts = sniff(unit.path, text=unit.file_format in ("csv", "jsonl"))
        except FileRejected as rejection:
            return self._reject(unit, rejection, _Counts(), file_meta)
        file_meta.update(content_sha256=facts.sha256, encoding=facts.encoding)
        if self._effective_batch_with_hash(facts.sha256, unit.source_file) is not None:
            self.con.execute(  # the same file rewritten in place: remember its new timestamp
                "update audit.file_loads set mtime_ns = ?, size_bytes = ? where source_file = ?"
                " and content_sha256 = ? and status in ('loaded', 'rejected')",
                [stat.st_mtime_ns, stat.st_size, unit.source_file, facts.sha256])
            return LoadResult(unit.source_file, "unchanged")
        original = self._effective_batch_with_hash(facts.sha256)
        if original is not None:
            return self._record_duplicate(unit, original, file_meta)
        try:
            extract = open_extract(unit.path, facts, self.batch_rows)
        except FileRejected as rejection:
            return self._reject(unit, rejection, _Counts(), file_meta)
        with extract:
            return self.load_extract(unit, extract, file_meta)

    def load_extract(self, unit: SourceUnit, extract: Extract, file_meta: dict,
                     content_hash: Callable[[], str] | None = None) -> LoadResult:
        """Stream an opened extract into the warehouse; it becomes visible all at once or not at all.

        Batches are committed as they arrive under an audit row marked `loading`, which staging
        ignores, so memory stays bounded whatever the file size; one short transaction at the
        end flags duplicate keys, supersedes earlier versions and marks the delivery `loaded`.
        A failure discards the partial batch (and a crash leaves it to the next run's cleanup).
        `content_hash`, for sources hashed while streamed (SQL tables), is called after the last
        batch; content equal to the current version of the same source is then not loaded twice.
        """
        counts = _Counts()
        started = _now()
        batch_id = self.con.execute("select nextval('audit.batch_id_seq')").fetchone()[0]
        self._insert_audit(unit, batch_id, "loading", counts, started, file_meta)
        try:
            drift = self._stream(unit, extract, batch_id, counts)
            if content_hash is not None:
                file_meta["content_sha256"] = content_hash()
                original = self._effective_batch_with_hash(file_meta["content_sha256"], unit.source_file)
                if original is not None:
                    self._discard(batch_id)
                    return self._record_duplicate(unit, original, file_meta)
            self.con.execute("begin transaction")
            self._quarantine_duplicate_keys(batch_id, counts)
            superseded = self._supersede_earlier_versions(unit, batch_id)
            self._resolve_corrected(batch_id)
            self.con.execute(
                "update audit.file_loads set status = 'loaded', content_sha256 = ?, rows_read = ?, rows_loaded = ?,"
                " rows_quarantined = ?, schema_drift = ?, finished_at = ? where batch_id = ?",
                [file_meta.get("content_sha256"), counts.read, counts.loaded, counts.quarantined,
                 ", ".join(drift) or None, _now(), batch_id])
            self.con.execute("commit")
        except FileRejected as rejection:
            self._discard(batch_id)
            return self._reject(unit, rejection, counts, file_meta, started)
        except BaseException:
            self._discard(batch_id)
            raise
        return LoadResult(unit.source_file, "loaded", counts.read, counts.loaded, counts.quarantined,
                          schema_drift=drift, batch_id=batch_id, superseded=superseded)

    def _discard(self, batch_id: int) -> None:
        """Remove every trace of an unfinished batch, so its delivery is read again next time."""
        with contextlib.suppress(duckdb.TransactionException):
            self.con.execute("rollback")  # a transaction left open by the failure, if any
        self.con.execute("begin transaction")
        self.con.execute(f"delete from raw.{self.entity.table} where _batch_id = ?", [batch_id])
        self.con.execute("delete from quarantine.rejected_rows where batch_id = ?", [batch_id])
        self.con.execute("delete from audit.file_loads where batch_id = ?", [batch_id])
        self.con.execute("commit")

    def discard_unfinished(self) -> list[int]:
        """Clean up batches a crashed run left `loading`; returns their ids."""
        unfinished = [r[0] for r in self.con.execute(
            "select batch_id from audit.file_loads where source_system = ? and entity = ? and status = 'loading'",
            [self.entity.system, self.entity.name]).fetchall()]
        for batch_id in unfinished:
            self._discard(batch_id)
        return unfinished

    def _stream(self, unit: SourceUnit, extract: Extract, batch_id: int, counts: _Counts) -> tuple[str, ...]:
        missing = [c for c in self.entity.required_columns if c not in extract.header]
        if missing:
            raise FileRejected(
                "missing_column", f"缺少必需列 / missing required column: {', '.join(missing)}"
            )
        statements = {}
        drift: dict[str, None] = {}
        loaded_at = _now()
        for batch in _reader_errors_as_rejection(extract.batches()):
            header = tuple(batch.table.column_names[:-1])
            if header not in statements:
                statements[header] = chunk_statements(self.entity, header)
            sql = statements[header]
            drift.update(dict.fromkeys(sql.drift))
            self.con.register("_chunk", batch.table)
            self.con.execute(sql.parse)
            self.con.unregister("_chunk")
            self._suppressor.apply(self.con, header)  # erased people land pseudonymised (PIPL art. 47)
            self.con.execute(sql.insert_loaded, [batch_id, unit.source_file, loaded_at])
            self.con.execute(sql.insert_rejected, [batch_id, self.entity.system, self.entity.name,
                                                   unit.source_file, loaded_at])
            rejected = self.con.execute("select count(*) from _parsed where _reject is not null").fetchone()[0]
            self._quarantine_malformed(batch, batch_id, unit, loaded_at)
            counts.read += batch.table.num_rows + len(batch.malformed)
            counts.quarantined += rejected + len(batch.malformed)
            counts.loaded += batch.table.num_rows - rejected
            if self.on_progress:
                self.on_progress(unit.source_file, counts.read)
        return tuple(drift)

    def _quarantine_malformed(self, batch: Batch, batch_id: int, unit: SourceUnit, at: dt.datetime) -> None:
        if not batch.malformed:
            return
        self.con.executemany(
            "insert into quarantine.rejected_rows (batch_id, source_system, entity, source_file,"
            " source_line, rule, detail, raw_values, quarantined_at)"
            " values (?, ?, ?, ?, ?, 'malformed_record', ?, to_json(?::map(varchar, varchar)), ?)",
            [[batch_id, self.entity.system, self.entity.name, unit.source_file, m.line, m.detail,
              self._suppressor.scrub_record(m.values), at] for m in batch.malformed],
        )

    def _quarantine_duplicate_keys(self, batch_id: int, counts: _Counts) -> None:
        self.con.execute(self._dup_quarantine, [batch_id, self.entity.system, self.entity.name, _now()])
        duplicates = self.con.execute(self._dup_delete, [batch_id]).fetchone()[0]
        counts.loaded -= duplicates
        counts.quarantined += duplicates

    def _effective_batch_with_hash(self, sha256: str, source_file: str | None = None) -> int | None:
        query = ("select batch_id from audit.file_loads where content_sha256 = ?"
                 " and status in ('loaded', 'rejected')")
        params: list = [sha256]
        if source_file is not None:
            query += " and source_file = ?"
            params.append(source_file)
        row = self.con.execute(query + " order by batch_id limit 1", params).fetchone()
        return row[0] if row else None

    def _supersede_earlier_versions(self, unit: SourceUnit, batch_id: int) -> tuple[int, ...]:
        """A restatement: the same name delivered again with other content replaces the old rows."""
        earlier = tuple(r[0] for r in self.con.execute(
            "select batch_id from audit.file_loads where source_file = ? and entity = ?"
            " and source_system = ? and status in ('loaded', 'rejected') and batch_id <> ?",
            [unit.source_file, self.entity.name, self.entity.system, batch_id],
        ).fetchall())
        if not earlier:
            return ()
        ids = list(earlier)
        self.con.execute(f"delete from raw.{self.entity.table} where list_contains(?, _batch_id)", [ids])
        self.con.execute(
            "update quarantine.rejected_rows set status = 'superseded', superseded_by_batch = ?"
            " where list_contains(?, batch_id) and status = 'open'", [batch_id, ids])
        self.con.execute(
            "update audit.file_loads set status = 'superseded', superseded_by_batch = ?"
            " where list_contains(?, batch_id)", [batch_id, ids])
        return earlier

    def _resolve_corrected(self, batch_id: int) -> None:
        """A correction record: open quarantine rows of earlier deliveries whose key this delivery loads
        are resolved (`corrected`, pointing at this batch); the rows themselves stay as history."""
        match = " and ".join(
            f"cast(loaded.{key} as varchar) = trim(json_extract_string(rejected.raw_values, '$.{key}'))"
            for key in self.entity.key)
        self.con.execute(
            f"update quarantine.rejected_rows as rejected set status = 'corrected', superseded_by_batch = $batch"
            f" where rejected.status = 'open' and rejected.source_system = $system and rejected.entity = $entity"
            f" and rejected.batch_id <> $batch and exists (select 1 from raw.{self.entity.table} as loaded"
            f" where loaded._batch_id = $batch and {match})",
            {"batch": batch_id, "system": self.entity.system, "entity": self.entity.name})

    def _record_duplicate(self, unit: SourceUnit, original: int, file_meta: dict) -> LoadResult:
        batch_id = self.con.execute("select nextval('audit.batch_id_seq')").fetchone()[0]
        reason = f"内容与批次 {original} 相同，不重复加载 / same content as batch {original}, not loaded again"
        self._insert_audit(unit, batch_id, "duplicate", _Counts(), _now(), file_meta,
                           reason=reason, duplicate_of=original)
        return LoadResult(unit.source_file, "duplicate", reason=reason, batch_id=batch_id)

    def _reject(self, unit: SourceUnit, rejection: FileRejected, counts: _Counts, file_meta: dict,
                started: dt.datetime | None = None) -> LoadResult:
        """Record a whole-file rejection: every record read counts as quarantined with the file."""
        read = max(counts.read, rejection.records_read)
        counts = _Counts(read=read, quarantined=read)
        self.con.execute("begin transaction")
        batch_id = self.con.execute("select nextval('audit.batch_id_seq')").fetchone()[0]
        self.con.execute(
            "insert into quarantine.rejected_rows (batch_id, source_system, entity, source_file,"
            " source_line, rule, detail, raw_values, quarantined_at)"
            " values (?, ?, ?, ?, null, ?, ?, json_object('records_read', ?), ?)",
            [batch_id, self.entity.system, self.entity.name, unit.source_file, rejection.rule,
             rejection.message, counts.read, _now()],
        )
        self._insert_audit(unit, batch_id, "rejected", counts, started or _now(), file_meta,
                           reason=f"{rejection.rule}: {rejection.message}")
        self.con.execute("commit")
        return LoadResult(unit.source_file, "rejected", counts.read, 0, counts.quarantined,
                          reason=f"{rejection.rule}: {rejection.message}", batch_id=batch_id)

    def _insert_audit(self, unit: SourceUnit, batch_id: int, status: str, counts: _Counts,
                      started: dt.datetime, file_meta: dict, reason: str | None = None,
                      drift: tuple[str, ...] = (), duplicate_of: int | None = None) -> None:
        self.con.execute(
            "insert into audit.file_loads (batch_id, source_system, entity, source_file, file_name,"
            " file_date, file_seq, file_format, encoding, size_bytes, mtime_ns, content_sha256,"
            " rows_read, rows_loaded, rows_quarantined, status, reason, schema_drift,"
            " duplicate_of_batch, started_at, finished_at)"
            " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [batch_id, self.entity.system, self.entity.name, unit.source_file, unit.file_name,
             unit.file_date, unit.file_seq, unit.file_format, file_meta.get("encoding"),
             file_meta.get("size_bytes"), file_meta.get("mtime_ns"), file_meta.get("content_sha256"),
             counts.read, counts.loaded, counts.quarantined, status, reason,
             ", ".join(drift) or None, duplicate_of, started, _now()],
        )


def _reader_errors_as_rejection(batches: Iterator[Batch]) -> Iterator[Batch]:
    """A reader failing mid-file (corrupt bytes, a broken workbook) rejects that file, not the run."""
    try:
        yield from batches
    except FileRejected:
        raise
    except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise FileRejected("file_unreadable", f"读取中断 / reading failed: {exc}") from exc


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)
