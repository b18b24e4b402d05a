with products_resolved as (
    select * from {{ ref('int_products_resolved') }}
),

xref as (
    select
        source_system,
        source_field,
        source_key,
        product_code,
        match_rule,
        is_resolved
    from products_resolved
)

select * from xref
