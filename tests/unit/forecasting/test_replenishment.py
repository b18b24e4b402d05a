import math

import pandas as pd
import pytest

from forecasting.replenishment import error_sigma, latest_inventory, plan_replenishment, warehouse_shares, z_score

MONTHS = pd.date_range("2026-02-01", periods=3, freq="MS")
Z95 = 1.6449


def forecast(yhat: float = 100.0, product: str = "P1", half_width: float = 20 * 1.2816) -> pd.DataFrame:
    return pd.DataFrame({"product_code": product, "month": MONTHS, "yhat": yhat,
                         "yhat_lo_80": yhat - half_width, "yhat_hi_80": yhat + half_width})


def supply(lead_time_days=30.4, moq=50, service_level=0.95, warehouse="WH1", sku="P1") -> pd.DataFrame:
    return pd.DataFrame([{"warehouse_code": warehouse, "sku": sku, "lead_time_days": lead_time_days, "moq": moq,
                          "service_level": service_level}])


def stock(on_hand: float, in_transit: float = 0.0, warehouse="WH1", product="P1") -> pd.DataFrame:
    return pd.DataFrame([{"warehouse_code": warehouse, "product_code": product, "on_hand_qty": on_hand,
                          "in_transit_qty": in_transit}])


def plan(*args, **kwargs) -> pd.DataFrame:
    return plan_replenishment("2026-01", *args, **kwargs)


def test_z_of_95_percent():
    assert z_score(0.95) == pytest.approx(Z95, abs=1e-4)
    with pytest.raises(ValueError, match="service level"):
        z_score(1.0)


def test_safety_stock_reorder_point_and_stockout_months_by_hand():
    rows = plan(forecast(), stock(150, 30), supply(), sigma=pd.Series({"P1": 20.0}))
    # lead time 1 month: SS = 1.6449 * 20 * sqrt(1) = 32.90; ROP = 100 + 32.90
    assert rows["safety_stock"].iloc[0] == pytest.approx(Z95 * 20, abs=0.01)
    assert rows["reorder_point"].iloc[0] == pytest.approx(100 + Z95 * 20, abs=0.01)
    # projected: 180 - 100 = 80, -20, -120
    assert list(rows["projected_on_hand"]) == [80, -20, -120]
    assert list(rows["is_stockout"]) == [False, True, True]
    assert list(rows["is_stockout_risk"]) == [False, True, True]
    assert not rows["is_excess"].any()
    assert (rows["suggested_order_qty"] == 0).all()  # position 180 >= ROP 132.9


def test_longer_lead_time_scales_safety_stock_and_lead_time_demand():
    rows = plan(forecast(), stock(0), supply(lead_time_days=45.6), sigma=pd.Series({"P1": 20.0}))
    # 45.6 days = 1.5 months: SS = 1.6449 * 20 * sqrt(1.5) = 40.29; lead-time demand = 100 + 0.5 * 100
    assert rows["safety_stock"].iloc[0] == pytest.approx(Z95 * 20 * math.sqrt(1.5), abs=0.01)
    assert rows["reorder_point"].iloc[0] == pytest.approx(150 + Z95 * 20 * math.sqrt(1.5), abs=0.01)


def test_order_is_raised_to_the_moq_or_rounded_up_to_whole_units():
    # position 100 < ROP 132.90: order up to ROP + 1 month (100): 132.90 + 100 - 100 -> 133
    rows = plan(forecast(), stock(100), supply(moq=50), sigma=pd.Series({"P1": 20.0}))
    assert list(rows["suggested_order_qty"]) == [133, 0, 0]
    rows = plan(forecast(), stock(100), supply(moq=500), sigma=pd.Series({"P1": 20.0}))
    assert rows["suggested_order_qty"].iloc[0] == 500


def test_interval_width_is_the_sigma_when_there_is_no_error_history():
    # (hi_80 - lo_80) / (2 * 1.2816) = 20
    rows = plan(forecast(), stock(150), supply())
    assert rows["sigma_monthly"].iloc[0] == pytest.approx(20)


def test_excess_when_projected_stock_exceeds_three_months_of_cover():
    rows = plan(forecast(), stock(1000), supply(), sigma=pd.Series({"P1": 20.0}))
    # month 1: 900 > 32.9 + 300; month 3: 700 > 332.9 too
    assert rows["is_excess"].all()


def test_demand_is_split_by_warehouse_history_or_equally_without_it():
    params = pd.concat([supply(warehouse="WH1"), supply(warehouse="WH2"), supply(warehouse="WH1", sku="P2"),
                        supply(warehouse="WH2", sku="P2")])
    shares = warehouse_shares(pd.DataFrame({"warehouse_code": ["WH1", "WH2"], "product_code": "P1", "qty": [300, 100]}))
    rows = plan(pd.concat([forecast(), forecast(product="P2")]), stock(0), params, shares=shares)
    first = rows.loc[rows["month"] == MONTHS[0]].set_index(["warehouse_code", "product_code"])["forecast_qty"]
    assert first.to_dict() == {("WH1", "P1"): 75, ("WH2", "P1"): 25, ("WH1", "P2"): 50, ("WH2", "P2"): 50}


def test_inventory_without_supply_parameters_uses_the_defaults_and_says_so():
    rows = plan(forecast(), pd.concat([stock(10), stock(10, warehouse="WH9")]), supply())
    flags = rows.groupby("warehouse_code")["uses_default_params"].first()
    assert flags.to_dict() == {"WH1": False, "WH9": True}


def test_latest_snapshot_per_warehouse_without_unknown_products():
    inventory = pd.DataFrame({
        "snapshot_date": pd.to_datetime(["2026-01-30", "2026-01-31", "2026-01-29", "2026-01-31"]),
        "warehouse_code": ["WH1", "WH1", "WH2", "WH1"], "product_code": ["P1", "P1", "P1", "UNKNOWN"],
        "on_hand_qty": [5, 7, 3, 9], "in_transit_qty": [1, 2, 0, 0],
    })
    latest = latest_inventory(inventory).set_index("warehouse_code")
    assert latest["on_hand_qty"].to_dict() == {"WH1": 7, "WH2": 3}


def test_error_sigma_is_rmse_with_enough_months():
    errors = pd.DataFrame({"product_code": ["P1"] * 3 + ["P2"] * 2, "error": [3.0, -4.0, 0.0, 1.0, 1.0]})
    # sqrt((9 + 16 + 0) / 3)
    assert error_sigma(errors).to_dict() == {"P1": pytest.approx(math.sqrt(25 / 3))}
