with products as (
    select * from {{ ref('stg_erp__products') }}
),

code_checks as (
    select * from {{ source('mdm', 'code_checks') }}
    where code_type = 'ean13'
),

pos_barcodes as (
    select distinct barcode from {{ ref('stg_pos__transactions') }}
),

crm_product_interests as (
    select distinct product_interest from {{ ref('stg_crm__opportunities') }}
    where product_interest is not null
),

crm_ticket_skus as (
    select distinct sku from {{ ref('stg_crm__service_tickets') }}
    where sku is not null
),

valid_master_barcodes as (
    select
        products.barcode,
        min(products.sku) as sku
    from products
    inner join code_checks on products.barcode = code_checks.code and code_checks.is_valid
    group by products.barcode
),

product_names as (
    select
        product_name,
        min(sku) as sku
    from products
    group by product_name
),

erp_skus as (
    select
        'erp' as source_system,
        'sku' as source_field,
        sku as source_key,
        sku as product_code,
        'sku' as match_rule
    from products
),

pos_resolved as (
    select
        'pos' as source_system,
        'barcode' as source_field,
        pos_barcodes.barcode as source_key,
        valid_master_barcodes.sku as product_code,
        case
            when valid_master_barcodes.sku is not null then 'barcode'
            when not code_checks.is_valid then 'invalid_barcode'
            else 'unknown_barcode'
        end as match_rule
    from pos_barcodes
    left join valid_master_barcodes on pos_barcodes.barcode = valid_master_barcodes.barcode
    left join code_checks on pos_barcodes.barcode = code_checks.code
),

crm_interest_resolved as (
    select
        'crm' as source_system,
        'product_interest' as source_field,
        crm_product_interests.product_interest as source_key,
        coalesce(by_sku.sku, product_names.sku) as product_code,
        case
            when by_sku.sku is not null then 'sku'
            when product_names.sku is not null then 'product_name'
            else 'unknown_product'
        end as match_rule
    from crm_product_interests
    left join products as by_sku
        on {{ normalize_code('crm_product_interests.product_interest') }} = by_sku.sku
    left join product_names on crm_product_interests.product_interest = product_names.product_name
),

crm_ticket_resolved as (
    select
        'crm' as source_system,
        'ticket_sku' as source_field,
        crm_ticket_skus.sku as source_key,
        products.sku as product_code,
        case when products.sku is not null then 'sku' else 'unknown_sku' end as match_rule
    from crm_ticket_skus
    left join products on crm_ticket_skus.sku = products.sku
),

unioned as (
    select * from erp_skus
    union all
    select * from pos_resolved
    union all
    select * from crm_interest_resolved
    union all
    select * from crm_ticket_resolved
),

resolved as (
    select
        source_system,
        source_field,
        source_key,
        coalesce(product_code, '{{ var("unknown_code") }}') as product_code,
        match_rule,
        product_code is not null as is_resolved
    from unioned
)

select * from resolved
