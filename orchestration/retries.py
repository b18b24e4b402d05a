"""Retry a step only when the failure is transient: a source database that timed out or dropped the
connection, or another writer holding the warehouse. Bad data never retries: it fails the step once
with its message, because running it again gives the same answer.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import dagster as dg
import sqlalchemy.exc

from ingestion.writer_lock import WriterBusy

MAX_RETRIES = 3
FIRST_WAIT_SECONDS = 30

TRANSIENT = (WriterBusy, sqlalchemy.exc.OperationalError, sqlalchemy.exc.TimeoutError, ConnectionError)


def backoff_seconds(retry_number: int) -> int:
    """30 s, 60 s, 120 s: long enough for a lock holder to finish or a database to come back."""
    return FIRST_WAIT_SECONDS * 2**retry_number


@contextlib.contextmanager
def retry_transient(context: dg.OpExecutionContext) -> Iterator[None]:
    """Turn a transient error into a Dagster retry with exponential backoff; let every other error fail."""
    try:
        yield
    except TRANSIENT as error:
        wait = backoff_seconds(context.retry_number)
        context.log.warning(f"暂时性错误，{wait} 秒后重试 / transient error, retrying in {wait}s: {error}")
        raise dg.RetryRequested(max_retries=MAX_RETRIES, seconds_to_wait=wait) from error
