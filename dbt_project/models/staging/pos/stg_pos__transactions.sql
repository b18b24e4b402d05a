with source as (
    select * from {{ source('pos', 'transactions') }}
),

renamed as (
    select
        {{ normalize_code('receipt_id') }} as receipt_id,
        line_no,
        {{ normalize_code('store_id') }} as store_id,
        sold_at,
        {{ normalize_code('barcode') }} as barcode,
        qty,
        unit_price,
        discount_amount,
        {{ normalize_code('member_id') }} as member_id,
        {{ clean_text('payment_method') }} as payment_method,
        _batch_id as batch_id,
        _source_file as source_file,
        _source_line as source_line
    from source
),

latest_version as (
    {{ latest_version_per_key('renamed', ['receipt_id', 'line_no']) }}
)

select * from latest_version
