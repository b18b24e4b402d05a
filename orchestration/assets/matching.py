"""Standard codes between dbt staging and the warehouse models: golden customer codes, code validity."""

import datetime as dt

import dagster as dg

from matching.refresh import refresh_customer_codes
from orchestration.assets.ingest import WRITER_POOL
from orchestration.warehouse import WarehouseResource

_STAGING_INPUTS = [
    dg.AssetKey(["staging", name])
    for name in ("stg_crm__accounts", "stg_erp__customers", "stg_erp__products", "stg_pos__transactions")
]


@dg.multi_asset(
    specs=[
        dg.AssetSpec(["mdm", "customer_registry"],
                     deps=[*_STAGING_INPUTS, dg.AssetKey(["reference", "customer_match_overrides"])],
                     description="Every CRM account and ERP customer key with its golden customer_code; codes"
                     " never change once given (a merge keeps the older code)."),
        dg.AssetSpec(["mdm", "code_checks"], deps=_STAGING_INPUTS,
                     description="Validity of every USCC (GB 32100 check character) and EAN-13 barcode in"
                     " staging, by python-stdnum."),
    ],
    group_name="intermediate",
    name="standard_codes",
    pool=WRITER_POOL,
)
def standard_codes(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    with warehouse.writer() as con:
        stats = refresh_customer_codes(con, dt.datetime.now().replace(microsecond=0))
    context.log.info(f"客户匹配 / customer matching: {stats['records']:,} 条记录 records →"
                     f" {stats['customers']:,} 个客户 customers")
    rules = dg.MetadataValue.json(stats.pop("records_by_rule"))
    invalid = {k: stats.pop(k) for k in [k for k in stats if k.startswith("invalid_")]}
    yield dg.MaterializeResult(asset_key=["mdm", "customer_registry"], metadata={**stats, "records_by_rule": rules})
    yield dg.MaterializeResult(asset_key=["mdm", "code_checks"], metadata=invalid)
