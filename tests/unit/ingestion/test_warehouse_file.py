"""The warehouse file encrypted at rest: unreadable bytes, a clear error for a missing or wrong key."""

import pytest

from ingestion.warehouse_file import WarehouseKeyError, connect, is_encrypted, rewrite
from quality.erasure import file_contains

KEY, PHONE, NAME = "test-key-0123456789", "13912345678", "欧阳娜娜"


def _fill(warehouse, key):
    with connect(warehouse, key) as con:
        con.execute("create schema raw; create table raw.members as select ? as member_name, ? as phone", [NAME, PHONE])
        con.execute("create schema bi; create view bi.member as select left(phone, 3) || '****' as phone"
                    " from raw.members")


def test_an_encrypted_file_holds_no_plaintext_and_reads_back_with_the_key(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    _fill(warehouse, KEY)
    assert file_contains(warehouse, [NAME, PHONE]) == []
    assert is_encrypted(warehouse)
    with connect(warehouse, KEY, read_only=True) as con:
        assert con.execute("select current_database(), phone from bi.member").fetchall() == [("warehouse", "139****")]
        assert con.execute("select member_name from raw.members").fetchone() == (NAME,)


@pytest.mark.parametrize(("key", "message"), [(None, "SALESOPS_ENCRYPTION_KEY"), ("wrong-key-0123456789", "加密密钥不对")])
def test_a_missing_or_wrong_key_is_a_clear_error(tmp_path, key, message):
    warehouse = tmp_path / "warehouse.duckdb"
    _fill(warehouse, KEY)
    with pytest.raises(WarehouseKeyError, match=message):
        connect(warehouse, key)


@pytest.mark.parametrize("key", ["short-key", "密钥-0123456789abcdef", "it's-0123456789abcdef"])
def test_keys_duckdb_or_the_dbt_profile_cannot_take_are_refused_before_any_file_is_touched(tmp_path, key):
    warehouse = tmp_path / "warehouse.duckdb"
    with pytest.raises(WarehouseKeyError, match="printable ASCII"):
        connect(warehouse, key)
    assert not warehouse.exists()


def test_a_key_on_a_plain_file_says_how_to_encrypt_it(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    _fill(warehouse, None)
    assert file_contains(warehouse, [PHONE]) == [PHONE] and not is_encrypted(warehouse)
    with pytest.raises(WarehouseKeyError, match="salesops encrypt"):
        connect(warehouse, KEY)


def test_rewrite_encrypts_a_plain_file_and_keeps_every_object(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    _fill(warehouse, None)
    rewrite(warehouse, None, KEY)
    assert file_contains(warehouse, [NAME, PHONE]) == [] and is_encrypted(warehouse)
    with connect(warehouse, KEY) as con:
        assert con.execute("select phone from bi.member").fetchall() == [("139****",)]
    assert not warehouse.with_name("warehouse.duckdb.rewrite").exists()


def test_rewrite_with_the_same_key_drops_deleted_values_and_stays_encrypted(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    _fill(warehouse, KEY)
    with connect(warehouse, KEY) as con:
        con.execute("update raw.members set phone = null")
    rewrite(warehouse, KEY, KEY)
    with connect(warehouse, KEY) as con:
        assert con.execute("select phone from raw.members").fetchall() == [(None,)]
    assert is_encrypted(warehouse)
