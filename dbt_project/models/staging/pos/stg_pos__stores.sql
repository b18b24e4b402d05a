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

{#- A store missing from the newest snapshot (closed, or its row quarantined) still has sales:
    keep every store ever delivered, as last delivered, and say whether the newest lists it. -#}
latest_known as (
    {{ latest_version_per_key('renamed', ['store_id']) }}
),

newest as (
    {{ newest_snapshot('renamed', 'pos', 'stores') }}
),

flagged as (
    select
        latest_known.*,
        latest_known.store_id in (select newest.store_id from newest) as is_in_newest_snapshot
    from latest_known
)

select * from flagged
