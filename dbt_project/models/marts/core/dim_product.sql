with products as (
    select * from {{ ref('stg_erp__products') }}
),

code_checks as (
    select * from {{ source('mdm', 'code_checks') }}
    where code_type = 'ean13'
),

known_products as (
    select
        products.sku as product_code,
        products.product_name,
        products.barcode,
        coalesce(code_checks.is_valid, false) as is_barcode_valid,
        products.category_l1,
        products.category_l2,
        products.brand,
        products.uom,
        products.unit_cost,
        products.list_price,
        products.launch_date,
        coalesce(products.status, 'active') as status,
        false as is_unknown
    from products
    left join code_checks on products.barcode = code_checks.code
),

unknown_member as (
    select
        '{{ var("unknown_code") }}' as product_code,
        '未知产品 / unknown product' as product_name,
        cast(null as varchar) as barcode,
        false as is_barcode_valid,
        '未知 / unknown' as category_l1,
        '未知 / unknown' as category_l2,
        cast(null as varchar) as brand,
        cast(null as varchar) as uom,
        cast(null as decimal(18, 2)) as unit_cost,
        cast(null as decimal(18, 2)) as list_price,
        cast(null as date) as launch_date,
        'unknown' as status,
        true as is_unknown
),

final as (
    select * from known_products
    union all
    select * from unknown_member
)

select * from final
