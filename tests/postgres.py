"""A real local PostgreSQL for tests that need one; they skip with the reason when it is not there."""

import uuid

import psycopg2
import pytest

PG_SERVER = {"host": "127.0.0.1", "port": 5432, "user": "postgres", "password": ""}


def _reachable() -> str | None:
    try:
        psycopg2.connect(dbname="postgres", connect_timeout=3, **PG_SERVER).close()
        return None
    except Exception as exc:  # any driver error means the server is not usable here
        return f"{PG_SERVER['host']}:{PG_SERVER['port']} not reachable: {type(exc).__name__}"


def _admin(statement: str) -> None:
    """CREATE / DROP DATABASE cannot run inside a transaction, hence autocommit."""
    connection = psycopg2.connect(dbname="postgres", connect_timeout=3, **PG_SERVER)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


@pytest.fixture
def pg_database():
    """A fresh database for one test, dropped afterwards even when the test fails."""
    reason = _reachable()
    if reason:
        pytest.skip(f"needs a local PostgreSQL: {reason}")
    name = f"salesops_pg_{uuid.uuid4().hex[:12]}"
    _admin(f"create database {name}")
    yield name
    _admin(f"drop database if exists {name} with (force)")




def pg_url(database: str) -> str:
    return f"postgresql://{PG_SERVER['user']}@{PG_SERVER['host']}:{PG_SERVER['port']}/{database}"
