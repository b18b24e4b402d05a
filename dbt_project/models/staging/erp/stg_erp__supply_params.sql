with source as (
    select * from {{ source('erp', 'supply_params') }}
),

batches as (
    select * from {{ source('audit', 'file_loads') }}
),

renamed as (
    select
        {{ normalize_code('source.warehouse_code') }} as warehouse_code,
        {{ normalize_code('source.sku') }} as sku,
        source.lead_time_days as lead_time_days,
        source.moq as moq,
        source.service_level as service_level,
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
    where source_system = 'erp' and entity = 'supply_params' and status = 'loaded'
    order by file_date desc, file_seq desc, batch_id desc
    limit 1
),

current_state as (
    select renamed.*
    from renamed
    inner join latest_batch on renamed.batch_id = latest_batch.batch_id
)

select * from current_state
