"""The writer lock: a second writer waits, and gives up with WriterBusy after its timeout."""

import threading
import time

import pytest

from ingestion.writer_lock import WriterBusy, file_lock, writer_lock


def test_a_second_writer_gives_up_after_its_timeout_with_a_bilingual_message(tmp_path):
    database = tmp_path / "warehouse.duckdb"
    busy = pytest.raises(WriterBusy, match="held by another writer for more than 1s")
    with writer_lock(database, timeout=5), busy, writer_lock(database, timeout=0.6):
        pass
    with writer_lock(database, timeout=0.6):  # released: the next writer gets it at once
        pass


def test_without_a_timeout_the_lock_waits_for_its_holder(tmp_path):
    lock, order = tmp_path / "sub" / ".open.lock", []

    def hold():
        with file_lock(lock):
            order.append("holder in")
            time.sleep(0.5)
            order.append("holder out")

    holder = threading.Thread(target=hold)
    holder.start()
    while not order:
        time.sleep(0.01)
    with file_lock(lock):
        order.append("waiter in")
    holder.join()
    assert order == ["holder in", "holder out", "waiter in"]
