with source as (
    select * from {{ source('erp', 'inventory') }}
),

batches as (
    select * from {{ source('audit', 'file_loads') }}
),

renamed as (
    select
        source.snapshot_date as snapshot_date,
        {{ normalize_code('source.warehouse_code') }} as warehouse_code,
        {{ normalize_code('source.sku') }} as sku,
        source.on_hand_qty as on_hand_qty,
        source.in_transit_qty as in_transit_qty,
        source.unit_cost as unit_cost,
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
            partition by snapshot_date, warehouse_code, sku
            order by file_date desc, file_seq desc, batch_id desc, source_line desc
        ) as version_rank
    from renamed
),

latest_version as (
    select
        snapshot_date,
        warehouse_code,
        sku,
        on_hand_qty,
        in_transit_qty,
        unit_cost,
        batch_id,
        source_file,
        source_line,
        file_date,
        file_seq
    from versions
    where version_rank = 1
)

select * from latest_version
