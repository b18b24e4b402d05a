with stores as (
    select * from {{ ref('stg_pos__stores') }}
),

store_types as (
    select * from {{ ref('store_type_map') }}
),

final as (
    select
        stores.store_id,
        stores.store_name,
        coalesce(store_types.store_type_code, '{{ var("unknown_code") }}') as store_type_code,
        stores.store_type as store_type_zh,
        stores.region,
        stores.province,
        stores.city,
        stores.open_date,
        stores.close_date,
        stores.area_sqm,
        stores.close_date is null and stores.is_in_newest_snapshot as is_open
    from stores
    left join store_types on stores.store_type = store_types.raw_value
)

select * from final
