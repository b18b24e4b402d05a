"""Monthly demand from the warehouse: the series the S&OP forecast is made of, at every planning level.

Bottom series are `product_code × region` (id `<product_code>/<region>`); the levels above use the
ids of `forecasting.hierarchy` ("total", "<category_l1>", "<category_l1>/<region>"). Level names
are the ones `sop.*` tables store.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from forecasting.versions import month_index, version_month

BOTTOM_LEVEL = "product_region"
LEVEL_NAMES = {"bottom": BOTTOM_LEVEL, "total": "total", "category_l1": "category_l1",
               "category_l1/region": "category_l1_region"}
_LEVEL_KEYS = {"total": (), "category_l1": ("category_l1",), "category_l1_region": ("category_l1", "region")}

_BOTTOM_SQL = """
select
    sales.product_code,
    products.category_l1,
    sales.region,
    date_trunc('month', sales.sale_date) as ds,
    sum(sales.qty) as y
from core.fct_sales_line as sales
inner join core.dim_product as products on sales.product_code = products.product_code
where sales.is_revenue and sales.product_code <> 'UNKNOWN'
group by all
"""

_WAREHOUSE_SQL = """
select warehouse_code, product_code, date_trunc('month', sale_date) as ds, sum(qty) as qty
from core.fct_sales_line
where is_revenue and warehouse_code is not null and product_code <> 'UNKNOWN'
group by all
"""


def bottom_history(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Monthly quantity per product × region, zero-filled from a series' first sale to the last closed month.

    Returns `unique_id, product_code, category_l1, region, ds, y`. A month with returns exceeding
    sales counts as zero demand. The last closed month is the latest month with any sale: the
    extracts stop at month close, so that month is complete.
    """
    sales = con.execute(_BOTTOM_SQL).df()
    if sales.empty:
        return pd.DataFrame(columns=["unique_id", "product_code", "category_l1", "region", "ds", "y"])
    sales["ds"] = pd.to_datetime(sales["ds"])
    sales["y"] = sales["y"].astype(float).clip(lower=0)
    sales["unique_id"] = sales["product_code"] + "/" + sales["region"]
    last = sales["ds"].max()
    firsts = sales.groupby("unique_id", as_index=False).agg(
        first=("ds", "min"), product_code=("product_code", "first"), category_l1=("category_l1", "first"),
        region=("region", "first"))
    grid = [(row.unique_id, month) for row in firsts.itertuples()
            for month in pd.date_range(row.first, last, freq="MS")]
    full = pd.DataFrame(grid, columns=["unique_id", "ds"]).merge(
        firsts.drop(columns="first"), on="unique_id").merge(sales[["unique_id", "ds", "y"]], on=["unique_id", "ds"],
                                                             how="left")
    full["y"] = full["y"].fillna(0.0)
    return full[["unique_id", "product_code", "category_l1", "region", "ds", "y"]].sort_values(
        ["unique_id", "ds"], ignore_index=True)


def last_closed_month(history: pd.DataFrame) -> str | None:
    """The newest month of actuals as a version name, or None without history."""
    return None if history.empty else pd.Timestamp(history["ds"].max()).strftime("%Y-%m")


def active_ids(known: pd.DataFrame, version: str, recent_months: int = 6) -> list[str]:
    """Series with a sale in the `recent_months` up to the version: discontinued products stop here."""
    start = month_index(version_month(version)) - recent_months + 1
    recent = known[(month_index(known["ds"]) >= start) & (known["y"] > 0)]
    return sorted(recent["unique_id"].unique())


def all_levels(bottom: pd.DataFrame) -> pd.DataFrame:
    """Actuals at every planning level: `level, unique_id, product_code, category_l1, region, ds, y`."""
    frames = [bottom.assign(level=BOTTOM_LEVEL)]
    for level, keys in _LEVEL_KEYS.items():
        summed = bottom.groupby([*keys, "ds"], as_index=False)["y"].sum()
        summed["unique_id"] = summed[list(keys)].astype(str).agg("/".join, axis=1) if keys else "total"
        frames.append(summed.assign(level=level))
    columns = ["level", "unique_id", "product_code", "category_l1", "region", "ds", "y"]
    return pd.concat(frames, ignore_index=True).reindex(columns=columns)


def warehouse_demand(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """ERP demand per warehouse, product and month (`warehouse_code, product_code, ds, qty`)."""
    frame = con.execute(_WAREHOUSE_SQL).df()
    frame["ds"] = pd.to_datetime(frame["ds"])
    frame["qty"] = frame["qty"].astype(float)
    return frame
