with source as (
    select * from {{ source('pos', 'stores') }}
),

renamed as (
    select
        {{ normalize_code('store_id') }} as store_id,
        {{ clean_text('store_name') }} as store_name,
        {{ clean_text('store_type') }} as store_type,
        {{ clean_text('region') }} as region,
        {{ clean_text('province') }} as province,
        {{ clean_text('city') }} as city,
        open_date,
        close_date,
        area_sqm,
        _batch_id as batch_id,
        _source_file as source_file,
        _source_line as source_line
    from source
),

current_state as (
    {{ newest_snapshot('renamed', 'pos', 'stores') }}
)

select * from current_state
