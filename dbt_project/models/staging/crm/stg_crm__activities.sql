with source as (
    select * from {{ source('crm', 'activities') }}
),

renamed as (
    select
        {{ normalize_code('activity_id') }} as activity_id,
        {{ normalize_code('account_id') }} as account_id,
        {{ normalize_code('opportunity_id') }} as opportunity_id,
        {{ normalize_code('rep_id') }} as rep_id,
        {{ clean_text('activity_type') }} as activity_type,
        activity_at,
        {{ clean_text('outcome') }} as outcome,
        _batch_id as batch_id,
        _source_file as source_file,
        _source_line as source_line
    from source
),

latest_version as (
    {{ latest_version_per_key('renamed', ['activity_id']) }}
)

select * from latest_version
