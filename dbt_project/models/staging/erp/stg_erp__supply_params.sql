with source as (
    select * from {{ source('erp', 'supply_params') }}
),

renamed as (
    select
        {{ normalize_code('warehouse_code') }} as warehouse_code,
        {{ normalize_code('sku') }} as sku,
        lead_time_days,
        moq,
        service_level,
        _batch_id as batch_id,
        _source_file as source_file,
        _source_line as source_line
    from source
),

current_state as (
    {{ newest_snapshot('renamed', 'erp', 'supply_params') }}
)

select * from current_state
