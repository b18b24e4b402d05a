with source as (
    select * from {{ source('erp', 'sales_targets') }}
),

batches as (
    select * from {{ source('audit', 'file_loads') }}
),

renamed as (
    select
        {{ clean_text('source.month') }} as month,
        {{ clean_text('source.region') }} as region,
        {{ clean_text('source.category_l1') }} as category_l1,
        {{ normalize_code('source.rep_id') }} as rep_id,
        source.target_amount as target_amount,
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
    where source_system = 'erp' and entity = 'sales_targets' and status = 'loaded'
    order by file_date desc, file_seq desc, batch_id desc
    limit 1
),

current_state as (
    select renamed.*
    from renamed
    inner join latest_batch on renamed.batch_id = latest_batch.batch_id
)

select * from current_state
