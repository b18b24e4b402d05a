import pytest

from ingestion.contract import ENTITIES
from quality.governance import Registry, load_registry, unclassified_pii_columns


def test_registry_owns_every_raw_table_and_agrees_with_the_contract():
    registry = load_registry()
    for entity in ENTITIES:
        table = f"raw.{entity.table}"
        assert registry.owner(table) in registry.stewards, table
        for column in entity.columns:
            if column.pii:
                assert registry.pii_class(table, column.name) == column.pii, (table, column.name)


def test_unclassified_phone_column_is_flagged(con):
    con.execute("create table raw.loyalty_contacts (contact_id varchar, phone varchar, note varchar)")
    con.execute("insert into raw.loyalty_contacts values ('1', '13812345678', '13912345678')")
    findings = unclassified_pii_columns(con, load_registry())
    flagged = {(f["table"], f["column"]) for f in findings}
    assert ("raw.loyalty_contacts", "phone") in flagged  # by name
    assert ("raw.loyalty_contacts", "note") in flagged  # by values
    assert ("raw.loyalty_contacts", "contact_id") not in flagged


def test_contract_tables_are_fully_classified(con):
    assert unclassified_pii_columns(con, load_registry()) == []


def test_unknown_pii_class_is_rejected(tmp_path):
    path = tmp_path / "governance.yml"
    path.write_text("datasets:\n  raw.x: {owner: a, columns: {phone: telephone}}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="telephone"):
        load_registry(path)


def test_glob_entries_apply_after_exact_ones():
    registry = load_registry()
    assert registry.owner("sales.sales_monthly") == "steward-sales-ops"
    assert registry.pii_class("sales.sales_rep_monthly", "rep_name") == "name"
    assert Registry({}, (), {}).owner("raw.x") == ""
