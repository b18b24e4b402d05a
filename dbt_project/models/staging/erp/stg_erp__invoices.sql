with source as (
    select * from {{ source('erp', 'invoices') }}
),

renamed as (
    select
        {{ normalize_code('invoice_id') }} as invoice_id,
        {{ normalize_code('order_id') }} as order_id,
        {{ normalize_code('customer_code') }} as customer_code,
        invoice_date,
        amount,
        due_date,
        paid_amount,
        paid_date,
        _batch_id as batch_id,
        _source_file as source_file,
        _source_line as source_line
    from source
),

latest_version as (
    {{ latest_version_per_key('renamed', ['invoice_id']) }}
)

select * from latest_version
