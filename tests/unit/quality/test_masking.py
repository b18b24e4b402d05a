import duckdb
import pytest

from quality import masking


@pytest.mark.parametrize(("value", "expected"), [
    ("13812345678", "138****5678"), ("12345", "****"), ("", ""), (None, None)])
def test_mask_phone(value, expected):
    assert masking.mask_phone(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("zhang@example.com", "z***@example.com"), ("not-an-email", "***"), (None, None)])
def test_mask_email(value, expected):
    assert masking.mask_email(value) == expected


@pytest.mark.parametrize(("value", "expected"), [("张三", "张*"), ("欧阳娜娜", "欧***"), ("李", "李"), (None, None)])
def test_mask_name_keeps_the_first_character(value, expected):
    assert masking.mask_name(value) == expected


def test_pseudonym_is_salted_and_stable():
    assert masking.pseudonym("13812345678", "s1") == masking.pseudonym("13812345678", "s1")
    assert masking.pseudonym("13812345678", "s1") != masking.pseudonym("13812345678", "s2")
    assert len(masking.pseudonym("x", "s1")) == 64
    with pytest.raises(ValueError, match="salt"):
        masking.pseudonym("x", "")


@pytest.mark.parametrize("value", ["13812345678", "zhang@example.com", "欧阳娜娜", "张三", "bad", "", None])
def test_sql_expressions_match_python(value):
    con = duckdb.connect()
    row = con.execute(
        f"select {masking.mask_phone_sql('v')}, {masking.mask_email_sql('v')}, {masking.mask_name_sql('v')},"
        f" {masking.pseudonym_sql('v', 'pepper')} from (select ?::varchar as v)", [value]).fetchone()
    expected = (masking.mask_phone(value), masking.mask_email(value), masking.mask_name(value),
                masking.pseudonym(value, "pepper"))
    assert row == expected


def test_mask_sql_by_pii_class():
    con = duckdb.connect()
    assert con.execute(f"select {masking.mask_sql('birth_date', 'd')} from (select date '1990-05-17' as d)"
                       ).fetchone()[0].isoformat() == "1990-01-01"
    assert masking.mask_sql("business_name", "store_name") == "store_name"
    with pytest.raises(ValueError, match="unknown PII class"):
        masking.mask_sql("shoe_size", "x")
