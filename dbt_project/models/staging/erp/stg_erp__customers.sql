with source as (
    select * from {{ source('erp', 'customers') }}
),

batches as (
    select * from {{ source('audit', 'file_loads') }}
),

renamed as (
    select
        {{ normalize_code('source.customer_code') }} as customer_code,
        {{ clean_text('source.customer_name') }} as customer_name,
        {{ normalize_code('source.uscc') }} as uscc,
        {{ clean_text('source.channel') }} as channel,
        {{ normalize_code('source.crm_account_id') }} as crm_account_id,
        {{ clean_text('source.province') }} as province,
        {{ clean_text('source.city') }} as city,
        source.credit_days as credit_days,
        source.created_at as created_at,
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
    where source_system = 'erp' and entity = 'customers' and status = 'loaded'
    order by file_date desc, file_seq desc, batch_id desc
    limit 1
),

current_state as (
    select renamed.*
    from renamed
    inner join latest_batch on renamed.batch_id = latest_batch.batch_id
)

select * from current_state
