with source as (
    select * from {{ source('crm', 'service_tickets') }}
),

renamed as (
    select
        {{ normalize_code('ticket_id') }} as ticket_id,
        {{ normalize_code('account_id') }} as account_id,
        {{ normalize_code('sku') }} as sku,
        {{ clean_text('channel') }} as channel,
        opened_at,
        first_response_at,
        resolved_at,
        first_contact_resolved,
        csat,
        nps,
        ces,
        _batch_id as batch_id,
        _source_file as source_file,
        _source_line as source_line
    from source
),

latest_version as (
    {{ latest_version_per_key('renamed', ['ticket_id']) }}
)

select * from latest_version
