with source as (
    select * from {{ source('erp', 'customers') }}
),

renamed as (
    select
        {{ normalize_code('customer_code') }} as customer_code,
        {{ clean_text('customer_name') }} as customer_name,
        {{ normalize_code('uscc') }} as uscc,
        {{ clean_text('channel') }} as channel,
        {{ normalize_code('crm_account_id') }} as crm_account_id,
        {{ clean_text('province') }} as province,
        {{ clean_text('city') }} as city,
        credit_days,
        created_at,
        _batch_id as batch_id,
        _source_file as source_file,
        _source_line as source_line
    from source
),

current_state as (
    {{ newest_snapshot('renamed', 'erp', 'customers') }}
)

select * from current_state
