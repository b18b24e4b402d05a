"""Serving: the read-only warehouse copy that BI tools open, published after every successful build."""

from pathlib import Path

import dagster as dg

from orchestration.assets.ingest import WRITER_POOL
from orchestration.warehouse import WarehouseResource
from serving.pg_publish import publish_bi
from serving.publish import publish_copy

SERVING_GROUP = "serving"
PUBLISHED_KEY = dg.AssetKey(["serving", "published_warehouse"])


class ServingResource(dg.ConfigurableResource):
    """Where the BI copy goes, and the optional PostgreSQL that receives the bi schema."""

    published_path: str
    bi_db_url: str | None = None
    bi_reader_password: str | None = None


@dg.asset(
    key=PUBLISHED_KEY,
    # the blocking checks on these (core quality rules, personal data classified) gate the BI copy
    deps=[dg.AssetKey(["core", "fct_sales_line"]), dg.AssetKey(["core", "dim_customer"]),
          dg.AssetKey(["sales", "sales_monthly"]), dg.AssetKey(["sop", "forecast_accuracy"])],
    group_name=SERVING_GROUP,
    pool=WRITER_POOL,
    kinds={"duckdb"},
    description="BI 只读副本 / the read-only copy of the warehouse BI tools open, swapped in atomically after a"
    " successful build, so BI never blocks the pipeline nor sees a half-built warehouse; with SALESOPS_BI_DB_URL"
    " its bi schema also goes to PostgreSQL for the bi_reader role.",
)
def published_warehouse(warehouse: WarehouseResource, serving: ServingResource) -> dg.MaterializeResult:
    with warehouse.writer() as con:
        published = publish_copy(con, Path(warehouse.path), Path(serving.published_path), warehouse.encryption_key)
    metadata = {"path": str(published.path), "size_mb": round(published.size_bytes / 2**20, 1),
                "tables": published.tables}
    if serving.bi_db_url:
        to_pg = publish_bi(published.path, serving.bi_db_url, serving.bi_reader_password, warehouse.encryption_key)
        metadata.update(postgres_bi_tables=to_pg.tables, postgres_bi_rows=to_pg.rows)
    return dg.MaterializeResult(metadata=metadata)
