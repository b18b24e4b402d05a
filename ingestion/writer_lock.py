"""One writer at a time on the warehouse file: an advisory lock beside it.

DuckDB allows a single writing process. Every writer (pipeline steps, `salesops erase`) takes this
lock first, so a second one waits its turn instead of failing or corrupting the file. No Dagster
here: the library packages take the same lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import time
from collections.abc import Iterator
from pathlib import Path


class WriterBusy(TimeoutError):
    """Another process held the warehouse longer than the configured wait."""


@contextlib.contextmanager
def writer_lock(database: Path, timeout: float) -> Iterator[None]:
    database.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + timeout
    with open(database.with_name(database.name + ".lock"), "a+") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise WriterBusy(
                        f"仓库正被另一个进程写入 / the warehouse {database} is held by another writer"
                        f" for more than {timeout:.0f}s"
                    ) from None
                time.sleep(0.5)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
