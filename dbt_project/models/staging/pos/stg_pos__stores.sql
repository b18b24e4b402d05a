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

{#- a store missing from the newest snapshot (closed, or its row quarantined) still has sales. -#}
every_delivered as (
    {{ every_delivered_key('renamed', 'pos', 'stores', 'store_id') }}
)

select * from every_delivered
