with source as (
    select * from {{ source('erp', 'inventory') }}
),

renamed as (
    select
        snapshot_date,
        {{ normalize_code('warehouse_code') }} as warehouse_code,
        {{ normalize_code('sku') }} as sku,
        on_hand_qty,
        in_transit_qty,
        unit_cost,
        _batch_id as batch_id,
        _source_file as source_file,
        _source_line as source_line
    from source
),

latest_version as (
    {{ latest_version_per_key('renamed', ['snapshot_date', 'warehouse_code', 'sku']) }}
)

select * from latest_version
