with source as (
    select * from {{ source('crm', 'opportunities') }}
),

renamed as (
    select
        {{ normalize_code('opportunity_id') }} as opportunity_id,
        {{ normalize_code('account_id') }} as account_id,
        {{ clean_text('lead_source') }} as lead_source,
        {{ clean_text('stage') }} as stage,
        amount,
        {{ clean_text('product_interest') }} as product_interest,
        {{ clean_text('competitor') }} as competitor,
        expected_close_date,
        {{ normalize_code('owner_rep_id') }} as owner_rep_id,
        created_at,
        updated_at,
        closed_at,
        _batch_id as batch_id,
        _source_file as source_file,
        _source_line as source_line
    from source
),

latest_version as (
    {{ latest_version_per_key('renamed', ['opportunity_id'], version_order='updated_at') }}
)

select * from latest_version
