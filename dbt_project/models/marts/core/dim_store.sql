with stores as (
    select * from {{ ref('stg_pos__stores') }}
),

store_types as (
    select * from {{ ref('store_type_map') }}
),

receipt_lines as (
    select * from {{ ref('stg_pos__transactions') }}
),

listed as (
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
),

-- stores that sell before any store snapshot lists them still need a row for their sales
unlisted as (
    select distinct
        receipt_lines.store_id,
        '未登记门店 / unlisted store' as store_name,
        '{{ var("unknown_code") }}' as store_type_code,
        cast(null as varchar) as store_type_zh,
        '{{ var("unknown_code") }}' as region,
        cast(null as varchar) as province,
        cast(null as varchar) as city,
        cast(null as date) as open_date,
        cast(null as date) as close_date,
        cast(null as numeric(18, 4)) as area_sqm,
        true as is_open
    from receipt_lines
    where receipt_lines.store_id not in (select listed.store_id from listed)
),

final as (
    select * from listed
    union all
    select * from unlisted
)

select * from final
