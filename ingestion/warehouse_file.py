"""Opening the DuckDB warehouse file, encrypted at rest when a key is configured.

DuckDB encrypts a database file (AES-GCM, write-ahead log included) only with OpenSSL from its
httpfs extension; without it, it offers only a mode it calls unsafe. The extension comes from the
pinned PyPI wheel `duckdb-extension-httpfs`, so nothing downloads at run time: connections here
load the wheel's file directly, and dbt (profile target `duckdb_encrypted`, which can only name
an extension) gets a copy in DuckDB's extension-directory layout beside the warehouse. An
encrypted file is attached to an in-memory connection under its usual catalog name (the file's
stem), so every query reads as before.
"""

from __future__ import annotations

import functools
import os
import shutil
from pathlib import Path

import duckdb
import duckdb_extension_httpfs

from ingestion.sql_types import literal

MIN_KEY_LENGTH = 16


class WarehouseKeyError(RuntimeError):
    """The warehouse file and SALESOPS_ENCRYPTION_KEY do not fit together."""


@functools.cache
def httpfs_file() -> Path:
    """The httpfs build the wheel ships (looked up once, on first use, not at import)."""
    return next(Path(duckdb_extension_httpfs.__file__).parent.rglob("httpfs.duckdb_extension"))


def extension_directory(warehouse: Path) -> Path:
    """DuckDB's extension directory beside the warehouse, holding the wheel's httpfs build (for dbt)."""
    httpfs = httpfs_file()
    with duckdb.connect() as probe:
        platform = probe.execute("pragma platform").fetchone()[0]
    directory = warehouse.parent / "duckdb_extensions"
    target = directory / httpfs.parent.name / platform / httpfs.name
    if not target.exists() or target.stat().st_size != httpfs.stat().st_size:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = target.with_name(f".{target.name}.{os.getpid()}")
        shutil.copyfile(httpfs, staging)
        os.replace(staging, target)
    return directory


def catalog_name(warehouse: Path) -> str:
    """The catalog DuckDB gives a file it opens directly; views refer to their tables through it."""
    return warehouse.stem


def connect(warehouse: Path, encryption_key: str | None = None, *,
            read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection whose default catalog is the warehouse, decrypted with `encryption_key` when given."""
    if not encryption_key:
        try:
            return duckdb.connect(str(warehouse), read_only=read_only)
        except duckdb.CatalogException as error:
            if "encrypted" in str(error):
                raise WarehouseKeyError(f"仓库文件已加密，请设置 SALESOPS_ENCRYPTION_KEY / {warehouse} is encrypted:"
                                        " set SALESOPS_ENCRYPTION_KEY") from None
            raise
    check_key(encryption_key)
    con = duckdb.connect()
    try:
        con.execute(f"load {literal(str(httpfs_file()))}")
        _attach(con, warehouse, catalog_name(warehouse), encryption_key, read_only)
        con.execute(f'use "{catalog_name(warehouse)}"')
    except BaseException:
        con.close()
        raise
    return con


def check_key(encryption_key: str) -> None:
    """DuckDB takes printable ASCII keys only; dbt's profile passes the key quoted, so no quotes either."""
    usable = encryption_key.isascii() and encryption_key.isprintable() and not set("'\"") & set(encryption_key)
    if len(encryption_key) < MIN_KEY_LENGTH or not usable:
        raise WarehouseKeyError(f"SALESOPS_ENCRYPTION_KEY 须为至少 {MIN_KEY_LENGTH} 个可打印 ASCII 字符且不含引号 /"
                                f" must be at least {MIN_KEY_LENGTH} printable ASCII characters without quotes")


def is_encrypted(warehouse: Path) -> bool:
    try:
        connect(warehouse, read_only=True).close()
    except WarehouseKeyError:
        return True
    return False


def _attach(con: duckdb.DuckDBPyConnection, path: Path, alias: str, encryption_key: str, read_only: bool) -> None:
    options = f"encryption_key {literal(encryption_key)}" + (", read_only" if read_only else "")
    try:
        con.execute(f'attach {literal(str(path))} as "{alias}" ({options})')
    except duckdb.CatalogException as error:
        if "not encrypted" in str(error):
            raise WarehouseKeyError(
                f"仓库文件未加密 / {path} is not encrypted, but SALESOPS_ENCRYPTION_KEY is set:"
                " run `salesops encrypt` once to encrypt it") from None
        raise
    except duckdb.InvalidInputException as error:
        if "encryption key" in str(error):
            raise WarehouseKeyError(f"加密密钥不对 / SALESOPS_ENCRYPTION_KEY does not open {path}") from None
        raise


def rewrite(warehouse: Path, read_key: str | None, write_key: str | None) -> None:
    """Copy the database into a new file (encrypted with `write_key` when given) and swap it in atomically.

    The copy holds only live data: DuckDB reuses but never zeroes the blocks of deleted or updated
    rows, so this is how erased values leave the file, and how a plain file becomes encrypted.
    Needs every other connection to the file closed (take the writer lock first).
    """
    fresh = warehouse.with_name(warehouse.name + ".rewrite")
    fresh.unlink(missing_ok=True)
    with connect(warehouse, read_key) as con:
        con.execute("set enable_progress_bar = false")
        target = "rewrite_target"
        if write_key:
            check_key(write_key)
            con.execute(f"load {literal(str(httpfs_file()))}")
            con.execute(f"attach {literal(str(fresh))} as {target} (encryption_key {literal(write_key)})")
        else:
            con.execute(f"attach {literal(str(fresh))} as {target}")
        con.execute(f'copy from database "{catalog_name(warehouse)}" to {target}')
        con.execute(f"detach {target}")
    with open(fresh, "rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(fresh, warehouse)
