with source as (
    select * from {{ source('erp', 'sales_orders') }}
),

renamed as (
    select
        {{ normalize_code('order_id') }} as order_id,
        line_no,
        order_date,
        {{ normalize_code('customer_code') }} as customer_code,
        {{ normalize_code('sku') }} as sku,
        qty,
        unit_price,
        discount_amount,
        {{ normalize_code('rep_id') }} as rep_id,
        {{ normalize_code('warehouse_code') }} as warehouse_code,
        {{ clean_text('status') }} as status,
        ship_date,
        updated_at,
        _batch_id as batch_id,
        _source_file as source_file,
        _source_line as source_line
    from source
),

latest_version as (
    {{ latest_version_per_key('renamed', ['order_id', 'line_no'], version_order='updated_at') }}
)

select * from latest_version
