with source as (
    select * from {{ source('pos', 'stores') }}
),

batches as (
    select * from {{ source('audit', 'file_loads') }}
),

renamed as (
    select
        {{ normalize_code('source.store_id') }} as store_id,
        {{ clean_text('source.store_name') }} as store_name,
        {{ clean_text('source.store_type') }} as store_type,
        {{ clean_text('source.region') }} as region,
        {{ clean_text('source.province') }} as province,
        {{ clean_text('source.city') }} as city,
        source.open_date as open_date,
        source.close_date as close_date,
        source.area_sqm as area_sqm,
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
    where source_system = 'pos' and entity = 'stores' and status = 'loaded'
    order by file_date desc, file_seq desc, batch_id desc
    limit 1
),

current_state as (
    select renamed.*
    from renamed
    inner join latest_batch on renamed.batch_id = latest_batch.batch_id
)

select * from current_state
