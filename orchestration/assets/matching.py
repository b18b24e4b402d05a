"""Customer matching between dbt staging and the warehouse models: golden customer codes."""

import datetime as dt

import dagster as dg

from matching.customers import match_customers
from matching.registry import update_registry
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
        crm = con.execute("select account_id, account_name, uscc, city from staging.stg_crm__accounts").df()
        erp = con.execute(
            "select customer_code, customer_name, uscc, city, crm_account_id from staging.stg_erp__customers").df()
        overrides = con.execute(
            "select left_system, left_key, right_system, right_key, decision"
            " from reference.customer_match_overrides").df()
        matches = match_customers(crm, erp, overrides)
        stats = update_registry(con, matches, dt.datetime.now().replace(microsecond=0))
        rules = matches["match_rule"].value_counts().to_dict()
    context.log.info(f"客户匹配 / customer matching: {stats['records']:,} 条记录 records →"
                     f" {stats['customers']:,} 个客户 customers")
    return dg.MaterializeResult(metadata={**stats, "records_by_rule": dg.MetadataValue.json(rules)})
