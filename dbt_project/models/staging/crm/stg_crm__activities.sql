with source as (
    select * from {{ source('crm', 'activities') }}
),

batches as (
    select * from {{ source('audit', 'file_loads') }}
),

renamed as (
    select
        {{ normalize_code('source.activity_id') }} as activity_id,
        {{ normalize_code('source.account_id') }} as account_id,
        {{ normalize_code('source.opportunity_id') }} as opportunity_id,
        {{ normalize_code('source.rep_id') }} as rep_id,
        {{ clean_text('source.activity_type') }} as activity_type,
        source.activity_at as activity_at,
        {{ clean_text('source.outcome') }} as outcome,
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
            partition by activity_id
            order by file_date desc, file_seq desc, batch_id desc, source_line desc
        ) as version_rank
    from renamed
),

latest_version as (
    select
        activity_id,
        account_id,
        opportunity_id,
        rep_id,
        activity_type,
        activity_at,
        outcome,
        batch_id,
        source_file,
        source_line,
        file_date,
        file_seq
    from versions
    where version_rank = 1
)

select * from latest_version
