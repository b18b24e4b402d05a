with source as (
    select * from {{ source('crm', 'service_tickets') }}
),

batches as (
    select * from {{ source('audit', 'file_loads') }}
),

renamed as (
    select
        {{ normalize_code('source.ticket_id') }} as ticket_id,
        {{ normalize_code('source.account_id') }} as account_id,
        {{ normalize_code('source.sku') }} as sku,
        {{ clean_text('source.channel') }} as channel,
        source.opened_at as opened_at,
        source.first_response_at as first_response_at,
        source.resolved_at as resolved_at,
        source.first_contact_resolved as first_contact_resolved,
        source.csat as csat,
        source.nps as nps,
        source.ces as ces,
        source._batch_id as batch_id,
        source._source_file as source_file,
        source._source_line as source_line,
        batches.file_date,
        batches.file_seq
    from source
    inner join batches on source._batch_id = batches.batch_id
),

versions as (
    select
        *,
        row_number() over (
            partition by ticket_id
            order by file_date desc, file_seq desc, batch_id desc, source_line desc
        ) as version_rank
    from renamed
),

latest_version as (
    select
        ticket_id,
        account_id,
        sku,
        channel,
        opened_at,
        first_response_at,
        resolved_at,
        first_contact_resolved,
        csat,
        nps,
        ces,
        batch_id,
        source_file,
        source_line,
        file_date,
        file_seq
    from versions
    where version_rank = 1
)

select * from latest_version
