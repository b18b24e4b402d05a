with source as (
    select * from {{ source('crm', 'opportunities') }}
),

batches as (
    select * from {{ source('audit', 'file_loads') }}
),

renamed as (
    select
        {{ normalize_code('source.opportunity_id') }} as opportunity_id,
        {{ normalize_code('source.account_id') }} as account_id,
        {{ clean_text('source.lead_source') }} as lead_source,
        {{ clean_text('source.stage') }} as stage,
        source.amount as amount,
        {{ clean_text('source.product_interest') }} as product_interest,
        {{ clean_text('source.competitor') }} as competitor,
        source.expected_close_date as expected_close_date,
        {{ normalize_code('source.owner_rep_id') }} as owner_rep_id,
        source.created_at as created_at,
        source.updated_at as updated_at,
        source.closed_at as closed_at,
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
            partition by opportunity_id
            order by updated_at desc nulls last, file_date desc, file_seq desc, batch_id desc, source_line desc
        ) as version_rank
    from renamed
),

latest_version as (
    select
        opportunity_id,
        account_id,
        lead_source,
        stage,
        amount,
        product_interest,
        competitor,
        expected_close_date,
        owner_rep_id,
        created_at,
        updated_at,
        closed_at,
        batch_id,
        source_file,
        source_line,
        file_date,
        file_seq
    from versions
    where version_rank = 1
)

select * from latest_version
