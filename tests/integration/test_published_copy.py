"""BI reads the published copy while the pipeline writes and republishes: neither side fails or waits."""

import json
import subprocess
import sys
import textwrap
import time

import duckdb
import pytest

from serving.publish import publish_copy

pytestmark = pytest.mark.integration

READER = textwrap.dedent("""
    import json, sys, time, duckdb
    path, seconds = sys.argv[1], float(sys.argv[2])
    seen, queries, deadline = set(), 0, time.monotonic() + seconds
    while time.monotonic() < deadline:
        con = duckdb.connect(path, read_only=True)
        seen.add(con.execute("select max(generation) from core.sales").fetchone()[0])
        con.execute("select count(*), sum(amount) from core.sales").fetchone()
        con.close()
        queries += 1
    print(json.dumps({"queries": queries, "generations": sorted(seen)}))
""")


def test_a_reader_keeps_querying_the_copy_while_the_writer_writes_and_republishes(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    published = tmp_path / "published" / "warehouse.duckdb"
    writer = duckdb.connect(str(warehouse))
    writer.execute("create schema core; create table core.sales (generation int, amount decimal(18, 2))")
    writer.execute("insert into core.sales select 1, i from range(200000) t(i)")
    publish_copy(writer, warehouse, published)

    reader = subprocess.Popen([sys.executable, "-c", READER, str(published), "8"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    generations = 1
    deadline = time.monotonic() + 6
    while time.monotonic() < deadline:  # the pipeline keeps writing the live file meanwhile
        generations += 1
        writer.execute("insert into core.sales select ?, i from range(50000) t(i)", [generations])
        publish_copy(writer, warehouse, published)
    writer.close()
    out, err = reader.communicate(timeout=60)

    assert reader.returncode == 0, err
    report = json.loads(out)
    assert report["queries"] > 5
    assert len(report["generations"]) >= 2, "the reader should see at least one newer publication"
    check = duckdb.connect(str(published), read_only=True)
    assert check.execute("select max(generation) from core.sales").fetchone()[0] == generations
    check.close()


def test_the_copy_keeps_the_warehouse_file_name_so_views_resolve(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    writer = duckdb.connect(str(warehouse))
    writer.execute("create schema core; create schema bi; create table core.t as select 1 as x;"
                   " create view bi.v as select x from warehouse.core.t")
    published = publish_copy(writer, warehouse, tmp_path / "published" / "warehouse.duckdb").path
    with pytest.raises(ValueError, match="file name"):
        publish_copy(writer, warehouse, tmp_path / "published" / "other.duckdb")
    writer.close()
    assert duckdb.connect(str(published), read_only=True).execute("select x from bi.v").fetchone() == (1,)
