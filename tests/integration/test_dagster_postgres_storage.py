"""With SALESOPS_DAGSTER_PG_URL set, Dagster keeps its runs in PostgreSQL (what a service deployment uses)."""

import dagster as dg
import psycopg2
import pytest

from orchestration.instance import MARKER, open_instance
from tests.postgres import PG_SERVER, pg_url

pytestmark = [pytest.mark.integration, pytest.mark.postgres]


@dg.op
def hello():
    return 1


@dg.job
def tiny():
    hello()


def test_runs_are_stored_in_postgres_and_an_operator_file_is_left_alone(tmp_path, pg_database, monkeypatch):
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    with open_instance(tmp_path / "dagster", pg_url(pg_database)) as instance:
        assert tiny.execute_in_process(instance=instance).success
    connection = psycopg2.connect(dbname=pg_database, **PG_SERVER)
    with connection, connection.cursor() as cursor:
        cursor.execute("select count(*) from runs")
        assert cursor.fetchone()[0] == 1
    connection.close()

    config = tmp_path / "dagster" / "dagster.yaml"
    config.write_text(config.read_text().replace(MARKER, ""))  # the operator takes the file over
    operator_file = config.read_text()
    with open_instance(tmp_path / "dagster", None):
        pass
    assert config.read_text() == operator_file
