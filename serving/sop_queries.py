"""What the S&OP pack reads from the warehouse: one function per question, DuckDB in, DataFrame out.

Forecast figures come from `sop.consensus_forecast` (the agreed plan; it equals the statistical
forecast wherever no planner changed it), accuracy from `sop.forecast_accuracy`, actuals and
targets from `core`. Nothing here formats or draws.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from forecasting import demand
from forecasting.versions import known_history, version_month

PRODUCT_LEVEL = demand.BOTTOM_LEVEL

_ACTUALS = """
select
    coalesce({column}, '未知 / unknown') as {key},
    cast(sum(sales.qty) filter (where sales.product_code <> 'UNKNOWN') as double) as actual_qty,
    cast(sum(sales.net_amount) as double) as actual_amount
from core.fct_sales_line as sales
left join core.dim_product as products on sales.product_code = products.product_code
where sales.is_revenue and date_trunc('month', sales.sale_date) = ?
group by all
"""
_TARGETS = """
select {key}, cast(sum(target_amount) as double) as target_amount
from core.fct_sales_target
where month_start = ? and not coalesce(is_rep_level, false)
group by all
"""
_LAG1_FORECAST = """
select {key}, sum(yhat) as forecast_qty
from sop.consensus_forecast
where level = 'category_l1_region' and lag = 1 and month = ?
group by all
"""


def previous_version(con: duckdb.DuckDBPyConnection, version: str) -> str | None:
    """The newest stored version before `version`, the one this pack is compared with."""
    row = con.execute("select max(forecast_version) from sop.consensus_forecast where forecast_version < ?",
                      [version]).fetchone()
    return row[0]


def has_version(con: duckdb.DuckDBPyConnection, version: str) -> bool:
    return con.execute("select count(*) from sop.consensus_forecast where forecast_version = ?",
                       [version]).fetchone()[0] > 0


def headline(con: duckdb.DuckDBPyConnection, version: str, key: str) -> pd.DataFrame:
    """The version month by `key` ('region' or 'category_l1'): actual qty vs the lag-1 forecast, amount vs target.

    The forecast is the one made a month earlier for this month (lag 1), so it is missing when
    the previous version was never built. Targets are region × category rows, not the rep split.
    """
    if key not in ("region", "category_l1"):
        raise ValueError(f"headline key must be 'region' or 'category_l1', got {key!r}")
    month = version_month(version).date()
    column = "sales.region" if key == "region" else "products.category_l1"
    actuals = con.execute(_ACTUALS.format(key=key, column=column), [month]).df()
    targets = con.execute(_TARGETS.format(key=key), [month]).df()
    forecast = con.execute(_LAG1_FORECAST.format(key=key), [month]).df()
    frame = actuals.merge(forecast, on=key, how="outer").merge(targets, on=key, how="outer")
    return frame.sort_values(key, ignore_index=True)


def history(con: duckdb.DuckDBPyConnection, version: str, months: int = 24) -> pd.DataFrame:
    """Actuals (`unique_id, ds, y`) at every level and per product (id = product_code), up to the version month.

    Built like the forecast's own input (`forecasting.demand`), so history and forecast meet.
    """
    bottom = known_history(demand.bottom_history(con), version)
    products = bottom.groupby(["product_code", "ds"], as_index=False)["y"].sum()
    levels = pd.concat([demand.all_levels(bottom), products.assign(unique_id=products["product_code"])])
    start = version_month(version) - pd.DateOffset(months=months - 1)
    return levels.loc[levels["ds"] >= start, ["unique_id", "ds", "y"]].reset_index(drop=True)


def forecasts(con: duckdb.DuckDBPyConnection, versions: list[str], unique_ids: list[str]) -> pd.DataFrame:
    """Consensus forecast rows with intervals for the given versions and series ids or product codes.

    A product's rows sum its product × region series; its bounds are rebuilt from the root sum of
    squares of the regional half-widths, as `forecasting.hierarchy` builds every aggregate.
    """
    bounds = ", ".join(
        f"greatest(sum(yhat) {sign} sqrt(sum(({a} - {b}) ^ 2)), 0) as yhat_{side}_{level}"
        for level in (80, 95)
        for side, sign, a, b in (("lo", "-", "yhat", f"yhat_lo_{level}"), ("hi", "+", f"yhat_hi_{level}", "yhat")))
    return con.execute(
        "select forecast_version, unique_id, month, yhat, yhat_lo_80, yhat_hi_80, yhat_lo_95, yhat_hi_95"
        " from sop.consensus_forecast"
        " where forecast_version in (select unnest($1)) and unique_id in (select unnest($2))"
        f" union all select forecast_version, product_code as unique_id, month, sum(yhat) as yhat, {bounds}"
        " from sop.consensus_forecast where level = $3 and forecast_version in (select unnest($1))"
        " and product_code in (select unnest($2)) group by all"
        " order by forecast_version, unique_id, month", [versions, unique_ids, PRODUCT_LEVEL]).df()


def fan_series(con: duckdb.DuckDBPyConnection, version: str, top_products: int = 5) -> pd.DataFrame:
    """The series that get a fan chart: total, each category_l1 and the top products by forecast volume.

    Returns `unique_id, label` in chart order; a product's id is its product_code.
    """
    return con.execute(
        """
        with levels as (
            select unique_id, case when level = 'total' then '全部 / total' else unique_id end as label,
                   case when level = 'total' then 0 else 1 end as rank_group, unique_id as sort_key
            from sop.consensus_forecast
            where forecast_version = $1 and level in ('total', 'category_l1')
            group by all
        ),
        products as (
            select plan.product_code as unique_id,
                   plan.product_code || ' ' || coalesce(any_value(products.product_name), '') as label,
                   2 as rank_group, sum(plan.yhat) as volume
            from sop.consensus_forecast as plan
            left join core.dim_product as products on plan.product_code = products.product_code
            where plan.forecast_version = $1 and plan.level = $2
            group by plan.product_code
            order by volume desc, plan.product_code limit $3
        )
        select unique_id, label from (
            select unique_id, label, rank_group, sort_key, 0 as volume from levels
            union all select unique_id, label, rank_group, null, volume from products
        ) order by rank_group, sort_key, volume desc
        """, [version, PRODUCT_LEVEL, top_products]).df()


def accuracy(con: duckdb.DuckDBPyConnection, version: str) -> pd.DataFrame:
    """Accuracy rows of the versions up to `version`: every level, model and lag."""
    return con.execute(
        "select forecast_version, level, lag, model, forecast_qty, actual_qty, wape, fva_pp"
        " from sop.forecast_accuracy where forecast_version <= ? order by forecast_version, level, lag, model",
        [version]).df()


def changes(con: duckdb.DuckDBPyConnection, version: str, previous: str, limit: int = 15) -> pd.DataFrame:
    """Product × region series whose forecast moved most against `previous`, over the months both cover.

    Returns `unique_id, product_code, product_name, region, months, previous_qty, current_qty,
    delta, previous_model, current_model, was_overridden, is_overridden`, largest |delta| first.
    """
    return con.execute(
        """
        with current_rows as (
            select * from sop.consensus_forecast where forecast_version = ? and level = ?
        ),
        previous_rows as (
            select * from sop.consensus_forecast where forecast_version = ? and level = ?
        ),
        paired as (
            select cur.unique_id, any_value(cur.product_code) as product_code, any_value(cur.region) as region,
                   count(*) as months, sum(prev.yhat) as previous_qty, sum(cur.yhat) as current_qty,
                   sum(cur.yhat) - sum(prev.yhat) as delta, min(prev.model) as previous_model,
                   min(cur.model) as current_model, bool_or(prev.is_overridden) as was_overridden,
                   bool_or(cur.is_overridden) as is_overridden
            from current_rows as cur inner join previous_rows as prev using (unique_id, month)
            group by cur.unique_id
        )
        select paired.*, products.product_name
        from paired left join core.dim_product as products using (product_code)
        order by abs(delta) desc, unique_id limit ?
        """, [version, PRODUCT_LEVEL, previous, PRODUCT_LEVEL, limit]).df()


def overrides(con: duckdb.DuckDBPyConnection, version: str) -> pd.DataFrame:
    """The product × region series planners changed in this version, with who, why and by how much."""
    return con.execute(
        """
        select plan.unique_id, any_value(plan.product_code) as product_code,
               any_value(products.product_name) as product_name, any_value(plan.region) as region,
               count(*) as months, min(plan.month) as first_month, sum(plan.statistical_yhat) as statistical_qty,
               sum(plan.yhat) as consensus_qty, string_agg(distinct plan.planner, ', ') as planner,
               string_agg(distinct plan.reason, '；') as reason
        from sop.consensus_forecast as plan
        left join core.dim_product as products on plan.product_code = products.product_code
        where plan.forecast_version = ? and plan.level = ? and plan.is_overridden
        group by plan.unique_id
        order by abs(sum(plan.yhat) - sum(plan.statistical_yhat)) desc, plan.unique_id
        """, [version, PRODUCT_LEVEL]).df()


def override_effect(con: duckdb.DuckDBPyConnection, version: str) -> pd.DataFrame:
    """Per month of the version: statistical vs consensus total and how many product × region series were changed."""
    return con.execute(
        "select month, sum(statistical_yhat) as statistical_qty, sum(yhat) as consensus_qty,"
        " count(*) filter (where is_overridden) as overridden_series"
        " from sop.consensus_forecast where forecast_version = ? and level = ? group by month order by month",
        [version, PRODUCT_LEVEL]).df()


def stock_risks(con: duckdb.DuckDBPyConnection, version: str) -> pd.DataFrame:
    """Warehouse × SKU pairs projected into stockout, stockout risk or excess within the horizon.

    Stockouts first (earliest month first), then risks, then excess; the suggested order is the
    plan's order for now (first month).
    """
    return con.execute(
        """
        select plan.warehouse_code, plan.product_code, any_value(products.product_name) as product_name,
               min(plan.month) filter (where plan.is_stockout) as first_stockout,
               min(plan.month) filter (where plan.is_stockout_risk) as first_risk,
               bool_or(plan.is_excess) as is_excess,
               min(plan.projected_on_hand) as min_projected, max(plan.safety_stock) as safety_stock,
               max(plan.reorder_point) as reorder_point, sum(plan.forecast_qty) as horizon_demand,
               sum(plan.suggested_order_qty) as suggested_order_qty, max(plan.lead_time_days) as lead_time_days,
               max(plan.moq) as moq, bool_or(plan.uses_default_params) as uses_default_params
        from sop.replenishment as plan
        left join core.dim_product as products on plan.product_code = products.product_code
        where plan.forecast_version = ?
        group by plan.warehouse_code, plan.product_code
        having bool_or(plan.is_stockout_risk) or bool_or(plan.is_excess)
        order by first_stockout nulls last, first_risk nulls last, suggested_order_qty desc,
                 plan.warehouse_code, plan.product_code
        """, [version]).df()
