{#- Daily stock per warehouse and SKU as delivered. A SKU missing from the product master keeps
    its source sku and loads under the UNKNOWN product, so several unknown SKUs of one day and
    warehouse stay apart. Value at the delivered unit cost, else the master's. -#}
with inventory as (
    select * from {{ ref('stg_erp__inventory') }}
),

products_resolved as (
    select * from {{ ref('int_products_resolved') }}
    where source_system = 'erp' and source_field = 'sku'
),

products as (
    select * from {{ ref('stg_erp__products') }}
),

resolved as (
    select
        inventory.snapshot_date,
        inventory.warehouse_code,
        inventory.sku,
        coalesce(products_resolved.product_code, '{{ var("unknown_code") }}') as product_code,
        inventory.on_hand_qty,
        coalesce(inventory.in_transit_qty, 0) as in_transit_qty,
        coalesce(inventory.unit_cost, products.unit_cost) as unit_cost
    from inventory
    left join products_resolved on inventory.sku = products_resolved.source_key
    left join products on products_resolved.product_code = products.sku
),

final as (
    select
        snapshot_date,
        warehouse_code,
        sku,
        product_code,
        cast(on_hand_qty as decimal(18, 4)) as on_hand_qty,
        cast(in_transit_qty as decimal(18, 4)) as in_transit_qty,
        cast(unit_cost as decimal(18, 2)) as unit_cost,
        cast(on_hand_qty * unit_cost as decimal(18, 2)) as inventory_value,
        on_hand_qty <= 0 as is_stockout
    from resolved
)

select * from final
