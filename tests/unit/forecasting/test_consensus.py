from pathlib import Path

import pandas as pd
import pytest

from forecasting.consensus import apply_overrides, override_files, read_overrides, validate_overrides

HEADER = "forecast_version,level,product_code,category_l1,region,month,override_qty,adjust_pct,planner,reason"
FEB = pd.Timestamp("2026-02-01")


def node(level, uid, yhat, product=None, category=None, region=None, month=FEB):
    return {"forecast_version": "2026-01", "level": level, "unique_id": uid, "product_code": product,
            "category_l1": category, "region": region, "month": month, "model": "AutoETS", "segment": "smooth",
            "yhat": yhat, "yhat_lo_80": 0.8 * yhat, "yhat_hi_80": 1.2 * yhat,
            "yhat_lo_95": 0.7 * yhat, "yhat_hi_95": 1.3 * yhat}


def statistical() -> pd.DataFrame:
    """饮料: P1/华东 60 + P2/华东 40; 零食: P3/华北 100; total 200 (Feb 2026 only)."""
    return pd.DataFrame([
        node("product_region", "P1/华东", 60, "P1", "饮料", "华东"),
        node("product_region", "P2/华东", 40, "P2", "饮料", "华东"),
        node("product_region", "P3/华北", 100, "P3", "零食", "华北"),
        node("category_l1_region", "饮料/华东", 100, category="饮料", region="华东"),
        node("category_l1_region", "零食/华北", 100, category="零食", region="华北"),
        node("category_l1", "饮料", 100, category="饮料"),
        node("category_l1", "零食", 100, category="零食"),
        node("total", "total", 200),
    ])


def consensus_for(tmp_path: Path, *lines: str) -> pd.DataFrame:
    path = tmp_path / "overrides.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    accepted, rejected = validate_overrides(read_overrides(path), statistical())
    assert rejected.empty, rejected.to_dict("records")
    return apply_overrides(statistical(), accepted).set_index("unique_id")


def test_absolute_override_replaces_the_forecast_and_scales_its_bounds(tmp_path):
    result = consensus_for(tmp_path, "2026-01,product_region,P1,,华东,2026-02,90,,王芳,促销 promotion")
    p1 = result.loc["P1/华东"]
    assert (p1["yhat"], p1["statistical_yhat"]) == (90, 60)
    assert (p1["yhat_lo_95"], p1["yhat_lo_80"], p1["yhat_hi_80"], p1["yhat_hi_95"]) == pytest.approx((63, 72, 108, 117))
    assert p1["is_overridden"] and p1["planner"] == "王芳" and p1["reason"] == "促销 promotion"
    assert result.loc["饮料", "yhat"] == 130 and result.loc["total", "yhat"] == 230
    assert result.loc["total", "is_overridden"] and not result.loc["零食", "is_overridden"]
    assert result.loc["P3/华北", "yhat"] == 100 and result.loc["P3/华北", "planner"] is None


def test_percent_override_adjusts_the_forecast_and_its_bounds(tmp_path):
    result = consensus_for(tmp_path, "2026-01,product_region,P3,,华北,2026-02,,-50,李强,")
    p3 = result.loc["P3/华北"]
    assert (p3["yhat"], p3["yhat_lo_80"], p3["yhat_hi_95"]) == pytest.approx((50, 40, 65))
    assert result.loc["零食", "yhat"] == 50 and result.loc["total", "yhat"] == 150


def test_category_override_is_spread_by_the_statistical_mix_and_stays_coherent(tmp_path):
    result = consensus_for(tmp_path, "2026-01,category_l1,,饮料,,2026-02,150,,王芳,新品 launch")
    # 150 split 60:40 -> 90 and 60
    assert result.loc["P1/华东", "yhat"] == pytest.approx(90) and result.loc["P2/华东", "yhat"] == pytest.approx(60)
    assert result.loc["饮料/华东", "yhat"] == pytest.approx(150) and result.loc["total", "yhat"] == pytest.approx(250)
    cells = result.loc[result["level"] == "product_region"]
    for level in ("category_l1", "category_l1_region", "total"):
        assert result.loc[result["level"] == level, "yhat"].sum() == pytest.approx(cells["yhat"].sum())


def test_bounds_stay_ordered_and_non_negative_when_the_forecast_was_zero(tmp_path):
    frame = statistical()
    frame.loc[frame["unique_id"] == "P2/华东", ["yhat", "yhat_lo_80", "yhat_hi_80", "yhat_lo_95", "yhat_hi_95"]] = [0, 0, 3, 0, 5]
    frame.loc[frame["unique_id"] == "P1/华东", ["yhat_lo_80", "yhat_lo_95"]] = [-5, -9]
    path = tmp_path / "o.csv"
    path.write_text(HEADER + "\n2026-01,product_region,P2,,华东,2026-02,10,,王芳,\n", encoding="utf-8")
    accepted, _ = validate_overrides(read_overrides(path), frame)
    result = apply_overrides(frame, accepted).set_index("unique_id")
    assert tuple(result.loc["P2/华东", ["yhat_lo_95", "yhat_lo_80", "yhat", "yhat_hi_80", "yhat_hi_95"]]) == (10, 10, 10, 13, 15)
    bounds = result[["yhat_lo_95", "yhat_lo_80", "yhat", "yhat_hi_80", "yhat_hi_95"]]
    assert (bounds >= 0).all().all() and (bounds.diff(axis=1).iloc[:, 1:] >= 0).all().all()


def test_bad_rows_are_rejected_with_a_reason_and_good_rows_kept(tmp_path):
    lines = [
        "2026-01,product_region,P1,,华东,2026-02,90,,王芳,ok",  # row 2: accepted
        "2025-12,product_region,P1,,华东,2026-02,90,,王芳,",  # 3: unknown version
        "2026-01,product_region,P9,,华东,2026-02,90,,王芳,",  # 4: unknown product
        "2026-01,product_region,P1,,华东,2026-02,90,10,王芳,",  # 5: both filled
        "2026-01,product_region,P1,,华东,2026-02,,,王芳,",  # 6: neither filled
        "2026-01,product_region,P1,,华东,2026/02,90,,王芳,",  # 7: bad month
        "2026-01,product_region,P1,,华东,2026-09,90,,王芳,",  # 8: month not in the version
        "2026-01,category_l1,,饮料,华东,2026-02,,5,王芳,",  # 9: region filled at category level
        "2026-01,product_region,P2,,华东,2026-02,many,,王芳,",  # 10: not a number
        "2026-01,product_region,P2,,华东,2026-02,-1,,,",  # 11: negative and no planner
        "2026-01,category_l1,,零食,,2026-02,,5,李强,",  # 12 and 13: duplicates
        "2026-01,category_l1,,零食,,2026-02,,7,李强,",
        "2026-01,region,,,华东,2026-02,,5,李强,",  # 14: unknown level
    ]
    path = tmp_path / "overrides.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    accepted, rejected = validate_overrides(read_overrides(path), statistical())
    assert list(accepted["source_row"]) == [2]
    reasons = dict(zip(rejected["source_row"], rejected["reject_reason"], strict=True))
    expected = {3: "unknown forecast version", 4: "unknown keys", 5: "exactly one", 6: "exactly one",
                7: "month must be YYYY-MM", 8: "not forecast in version", 9: "region must be empty",
                10: "not a number", 12: "duplicate", 13: "duplicate", 14: "unknown level"}
    for row, fragment in expected.items():
        assert fragment in reasons[row], (row, reasons[row])
    assert "must not be negative" in reasons[11] and "planner is required" in reasons[11]
    assert "未知预测版本" in reasons[3]
    assert len(accepted) + len(rejected) == len(lines)
    assert '"product_code": "P9"' in rejected.set_index("source_row").loc[4, "raw_values"]


def test_xlsx_overrides_in_the_landing_folder_are_read(tmp_path):
    folder = tmp_path / "sop" / "overrides"
    folder.mkdir(parents=True)
    pd.DataFrame([{"forecast_version": "2026-01", "level": "total", "product_code": None, "category_l1": None,
                   "region": None, "month": "2026-02", "override_qty": 300, "adjust_pct": None,
                   "planner": "王芳", "reason": "大促 campaign"}]).to_excel(folder / "w06.xlsx", index=False)
    (folder / "notes.txt").write_text("ignored")
    files = override_files(tmp_path)
    assert [path.name for path in files] == ["w06.xlsx"]
    accepted, rejected = validate_overrides(read_overrides(files[0]), statistical())
    assert rejected.empty
    result = apply_overrides(statistical(), accepted).set_index("unique_id")
    # 300 over 200: every cell x 1.5
    assert result.loc[["P1/华东", "P2/华东", "P3/华北"], "yhat"].tolist() == pytest.approx([90, 60, 150])
    assert result.loc["total", "yhat"] == pytest.approx(300)


def test_missing_columns_name_what_to_add(tmp_path):
    path = tmp_path / "o.csv"
    path.write_text("forecast_version,level\n2026-01,total\n", encoding="utf-8")
    with pytest.raises(ValueError, match="override_qty"):
        read_overrides(path)
