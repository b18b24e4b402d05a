with source as (
    select * from {{ source('crm', 'accounts') }}
),

batches as (
    select * from {{ source('audit', 'file_loads') }}
),

renamed as (
    select
        {{ normalize_code('source.account_id') }} as account_id,
        {{ clean_text('source.account_name') }} as account_name,
        {{ normalize_code('source.uscc') }} as uscc,
        {{ clean_text('source.industry') }} as industry,
        {{ clean_text('source.company_size') }} as company_size,
        {{ clean_text('source.province') }} as province,
        {{ clean_text('source.city') }} as city,
        {{ normalize_code('source.owner_rep_id') }} as owner_rep_id,
        {{ clean_text('source.decision_maker_name') }} as decision_maker_name,
        {{ clean_text('source.decision_maker_phone') }} as decision_maker_phone,
        {{ clean_text('source.decision_maker_email') }} as decision_maker_email,
        source.created_at as created_at,
        source.updated_at as updated_at,
        source._batch_id as batch_id,
        source._source_file as source_file,
        source._source_line as source_line,
        batches.file_date,
        batches.file_seq
    from source
    inner join batches on source._batch_id = batches.batch_id
),

latest_batch as (
    select batch_id
    from batches
    where source_system = 'crm' and entity = 'accounts' and status = 'loaded'
    order by file_date desc, file_seq desc, batch_id desc
    limit 1
),

current_state as (
    select renamed.*
    from renamed
    inner join latest_batch on renamed.batch_id = latest_batch.batch_id
)

select * from current_state
