"""Customer matching by the evidence order of EXTRACTS.md, on hand-made records."""

import pandas as pd

from matching.customers import match_customers

VALID_USCC = "91310000607389262R"
INVALID_USCC = "91310000607389262X"


def crm(*rows):
    return pd.DataFrame(rows, columns=["account_id", "account_name", "uscc", "city"])


def erp(*rows):
    return pd.DataFrame(rows, columns=["customer_code", "customer_name", "uscc", "city", "crm_account_id"])


NO_OVERRIDES = pd.DataFrame(columns=["left_system", "left_key", "right_system", "right_key", "decision"])


def clusters(result):
    groups = result.groupby("cluster_key").apply(lambda g: frozenset(g["source_system"] + ":" + g["source_key"]),
                                                 include_groups=False)
    return set(groups)


def rule(result, system, key):
    return result.loc[(result.source_system == system) & (result.source_key == key), "match_rule"].item()


def test_crm_link_matches_whatever_the_names_say():
    result = match_customers(crm(("A1", "完全不同的名字", None, "上海")),
                             erp(("E1", "上海华联商贸有限公司", None, "上海", "A1")), NO_OVERRIDES)
    assert clusters(result) == {frozenset({"crm:A1", "erp:E1"})}
    assert rule(result, "erp", "E1") == "crm_link"


def test_equal_valid_uscc_matches_but_an_invalid_one_is_no_evidence():
    result = match_customers(
        crm(("A1", "甲公司", VALID_USCC, "上海"), ("A2", "乙公司", INVALID_USCC, "北京")),
        erp(("E1", "丙公司", VALID_USCC, "广州", None), ("E2", "丁公司", INVALID_USCC, "深圳", None)),
        NO_OVERRIDES)
    assert clusters(result) == {frozenset({"crm:A1", "erp:E1"}), frozenset({"crm:A2"}), frozenset({"erp:E2"})}
    assert result.set_index("source_key").loc["E1", "match_confidence"] == 0.99


def test_name_variants_in_the_same_city_match():
    result = match_customers(
        crm(("A1", "上海华联商贸有限公司", None, "上海市"), ("A2", "上海华联商贸有限公司", None, "北京")),
        erp(("E1", "上海 华联商贸（有限责任公司）", None, "上海", None), ("E2", "上海华联商贸股份有限公司", None, "上海", None)),
        NO_OVERRIDES)
    assert frozenset({"crm:A1", "erp:E1", "erp:E2"}) in clusters(result)
    assert frozenset({"crm:A2"}) in clusters(result)


def test_a_name_without_the_city_prefix_is_another_firm():
    result = match_customers(crm(("A1", "广州好邻便利店有限公司", None, "广州")),
                             erp(("E1", "好邻便利店有限公司", None, "广州", None)), NO_OVERRIDES)
    assert clusters(result) == {frozenset({"crm:A1"}), frozenset({"erp:E1"})}


def test_a_branch_is_its_own_customer_unless_linked():
    result = match_customers(
        crm(("A1", "上海华联商贸有限公司", None, "上海"), ("A2", "上海华联商贸有限公司（浦东分公司）", None, "上海")),
        erp(("E1", "上海华联商贸(浦东分公司)", None, "上海", None), ("E2", "上海华联商贸有限公司（闵行分公司）", None, "上海", "A1")),
        NO_OVERRIDES)
    assert clusters(result) == {frozenset({"crm:A1", "erp:E2"}), frozenset({"crm:A2", "erp:E1"})}


def test_steward_can_force_and_forbid():
    overrides = pd.DataFrame([
        ("crm", "A1", "erp", "E9", "force"),
        ("crm", "A2", "erp", "E2", "forbid"),
    ], columns=["left_system", "left_key", "right_system", "right_key", "decision"])
    result = match_customers(
        crm(("A1", "甲公司", None, "上海"), ("A2", "乙商贸有限公司", None, "上海")),
        erp(("E9", "毫不相干", None, "拉萨", None), ("E2", "乙商贸有限公司", None, "上海", None)),
        overrides)
    assert clusters(result) == {frozenset({"crm:A1", "erp:E9"}), frozenset({"crm:A2"}), frozenset({"erp:E2"})}
    assert rule(result, "erp", "E9") == "steward_override"


def test_forbid_holds_even_through_a_chain_of_other_evidence():
    overrides = pd.DataFrame([("crm", "A1", "erp", "E2", "forbid")],
                             columns=["left_system", "left_key", "right_system", "right_key", "decision"])
    result = match_customers(
        crm(("A1", "乙商贸有限公司", VALID_USCC, "上海")),
        erp(("E1", "乙商贸有限公司", None, "上海", None), ("E2", "别名", VALID_USCC, "上海", None)),
        overrides)
    assert not any({"crm:A1", "erp:E2"} <= c for c in clusters(result))


def test_equal_input_gives_equal_output():
    args = (crm(("A1", "甲公司", None, "上海")), erp(("E1", "甲公司", None, "上海", None)), NO_OVERRIDES)
    pd.testing.assert_frame_equal(match_customers(*args), match_customers(*args))


def test_no_records_at_all_is_no_customers():
    assert match_customers(crm(), erp(), NO_OVERRIDES).empty
