"""Customer matching between dbt staging and the warehouse models: golden customer codes."""

import datetime as dt

import dagster as dg

from matching.refresh import refresh_customer_codes
from orchestration.assets.ingest import WRITER_POOL
from orchestration.warehouse import WarehouseResource


@dg.asset(
    key=["mdm", "customer_registry"],
    deps=[dg.AssetKey(["staging", "stg_crm__accounts"]), dg.AssetKey(["staging", "stg_erp__customers"]),
          dg.AssetKey(["reference", "customer_match_overrides"])],
    group_name="intermediate",
    kinds={"python", "duckdb"},
    pool=WRITER_POOL,
    description="One golden customer_code per real customer across CRM accounts and ERP customers;"
    " codes never change once given (merges keep the older code and record the retired one).",
)
def customer_registry(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    with warehouse.writer() as con:
        stats = refresh_customer_codes(con, dt.datetime.now().replace(microsecond=0))
    context.log.info(f"客户匹配 / customer matching: {stats['records']:,} 条记录 records →"
                     f" {stats['customers']:,} 个客户 customers")
    return dg.MaterializeResult(metadata={**stats, "records_by_rule": dg.MetadataValue.json(stats["records_by_rule"])})
