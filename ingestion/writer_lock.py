"""One writer at a time on the warehouse file: an advisory lock beside it (and the lock itself, for
other files that one process at a time may create).

DuckDB allows a single writing process. Every writer (pipeline steps, `salesops erase`) takes this
lock first, so a second one waits its turn instead of failing or corrupting the file. No Dagster
here: the library packages take the same lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import time
from collections.abc import Callable, Iterator
from pathlib import Path


class WriterBusy(TimeoutError):
    """Another process held the warehouse longer than the configured wait."""


@contextlib.contextmanager
def file_lock(lock_path: Path, timeout: float | None = None,
              busy: Callable[[], Exception] = TimeoutError) -> Iterator[None]:
    """An exclusive advisory lock on `lock_path` (created when missing), held for the `with` block.

    Waits for ever when `timeout` is None, else up to `timeout` seconds and then raises `busy()`.
    """
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as handle:
        if timeout is None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        else:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise busy() from None
                    time.sleep(0.5)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def writer_lock(database: Path, timeout: float) -> contextlib.AbstractContextManager[None]:
    """The warehouse's writer lock, `<file>.lock` beside it; WriterBusy after `timeout` seconds."""
    return file_lock(database.with_name(database.name + ".lock"), timeout, busy=lambda: WriterBusy(
        f"仓库正被另一个进程写入 / the warehouse {database} is held by another writer for more than {timeout:.0f}s"))
