with source as (
    select * from {{ source('erp', 'products') }}
),

batches as (
    select * from {{ source('audit', 'file_loads') }}
),

renamed as (
    select
        {{ normalize_code('source.sku') }} as sku,
        {{ clean_text('source.product_name') }} as product_name,
        {{ normalize_code('source.barcode') }} as barcode,
        {{ clean_text('source.category_l1') }} as category_l1,
        {{ clean_text('source.category_l2') }} as category_l2,
        {{ clean_text('source.brand') }} as brand,
        {{ clean_text('source.uom') }} as uom,
        source.unit_cost as unit_cost,
        source.list_price as list_price,
        source.launch_date as launch_date,
        {{ clean_text('source.status') }} as status,
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
    where source_system = 'erp' and entity = 'products' and status = 'loaded'
    order by file_date desc, file_seq desc, batch_id desc
    limit 1
),

current_state as (
    select renamed.*
    from renamed
    inner join latest_batch on renamed.batch_id = latest_batch.batch_id
)

select * from current_state
