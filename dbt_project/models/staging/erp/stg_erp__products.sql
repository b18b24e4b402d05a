with source as (
    select * from {{ source('erp', 'products') }}
),

renamed as (
    select
        {{ normalize_code('sku') }} as sku,
        {{ clean_text('product_name') }} as product_name,
        {{ normalize_code('barcode') }} as barcode,
        {{ clean_text('category_l1') }} as category_l1,
        {{ clean_text('category_l2') }} as category_l2,
        {{ clean_text('brand') }} as brand,
        {{ clean_text('uom') }} as uom,
        unit_cost,
        list_price,
        launch_date,
        {{ clean_text('status') }} as status,
        _batch_id as batch_id,
        _source_file as source_file,
        _source_line as source_line
    from source
),

current_state as (
    {{ newest_snapshot('renamed', 'erp', 'products') }}
)

select * from current_state
