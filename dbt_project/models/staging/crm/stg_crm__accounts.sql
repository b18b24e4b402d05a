with source as (
    select * from {{ source('crm', 'accounts') }}
),

renamed as (
    select
        {{ normalize_code('account_id') }} as account_id,
        {{ clean_text('account_name') }} as account_name,
        {{ normalize_code('uscc') }} as uscc,
        {{ clean_text('industry') }} as industry,
        {{ clean_text('company_size') }} as company_size,
        {{ clean_text('province') }} as province,
        {{ clean_text('city') }} as city,
        {{ normalize_code('owner_rep_id') }} as owner_rep_id,
        {{ clean_text('decision_maker_name') }} as decision_maker_name,
        {{ clean_text('decision_maker_phone') }} as decision_maker_phone,
        {{ clean_text('decision_maker_email') }} as decision_maker_email,
        created_at,
        updated_at,
        _batch_id as batch_id,
        _source_file as source_file,
        _source_line as source_line
    from source
),

current_state as (
    {{ newest_snapshot('renamed', 'crm', 'accounts') }}
)

select * from current_state
