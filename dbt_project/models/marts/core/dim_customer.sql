{#- Business customers with their SCD2 history, POS members as consumers (no personal data:
    every member is named '会员 / member'), and the UNKNOWN and ANONYMOUS members that facts
    load under. Members, UNKNOWN and ANONYMOUS have one open-ended version. The ABC class is
    today's (trailing 12 months) on every version, so BI can filter history by it. -#}
with business_versions as (
    select * from {{ ref('int_customers_versioned') }}
),

members as (
    select * from {{ ref('stg_pos__members') }}
),

receipt_lines as (
    select * from {{ ref('stg_pos__transactions') }}
),

stores as (
    select * from {{ ref('stg_pos__stores') }}
),

channel_map as (
    select * from {{ ref('channel_map') }}
),

region_provinces as (
    select * from {{ ref('region_provinces') }}
),

customer_abc as (
    select * from {{ ref('customer_abc') }}
),

business as (
    select
        business_versions.customer_code,
        'business' as customer_type,
        business_versions.customer_name,
        coalesce(channel_map.channel_code, '{{ var("unknown_code") }}') as channel_code,
        business_versions.province,
        business_versions.city,
        coalesce(region_provinces.region, '{{ var("unknown_code") }}') as region,
        business_versions.valid_from,
        business_versions.valid_to,
        business_versions.is_current
    from business_versions
    left join channel_map on business_versions.channel = channel_map.raw_value
    left join region_provinces on business_versions.province = region_provinces.province
),

consumers as (
    select
        'MBR-' || members.member_id as customer_code,
        'consumer' as customer_type,
        '会员 / member' as customer_name,
        'store' as channel_code,
        stores.province,
        stores.city,
        coalesce(stores.region, '{{ var("unknown_code") }}') as region,
        coalesce(members.registered_at, cast('1900-01-01 00:00:00' as timestamp)) as valid_from,
        cast(null as timestamp) as valid_to,
        true as is_current
    from members
    left join stores on members.home_store_id = stores.store_id
),

-- members who buy but are missing from the newest member snapshot (left, erased, or their
-- row quarantined) still need a row for their sales
unlisted_members as (
    select distinct
        'MBR-' || receipt_lines.member_id as customer_code,
        'consumer' as customer_type,
        '会员 / member' as customer_name,
        'store' as channel_code,
        cast(null as varchar) as province,
        cast(null as varchar) as city,
        '{{ var("unknown_code") }}' as region,
        cast('1900-01-01 00:00:00' as timestamp) as valid_from,
        cast(null as timestamp) as valid_to,
        true as is_current
    from receipt_lines
    where
        receipt_lines.member_id is not null
        and receipt_lines.member_id not in (select members.member_id from members)
),

special_members as (
    select
        '{{ var("unknown_code") }}' as customer_code,
        'unknown' as customer_type,
        '未知客户 / unknown customer' as customer_name,
        '{{ var("unknown_code") }}' as channel_code,
        cast(null as varchar) as province,
        cast(null as varchar) as city,
        '{{ var("unknown_code") }}' as region,
        cast('1900-01-01 00:00:00' as timestamp) as valid_from,
        cast(null as timestamp) as valid_to,
        true as is_current
    union all
    select
        '{{ var("anonymous_consumer_code") }}',
        'consumer',
        '匿名顾客 / anonymous consumer',
        'store',
        cast(null as varchar),
        cast(null as varchar),
        '{{ var("unknown_code") }}',
        cast('1900-01-01 00:00:00' as timestamp),
        cast(null as timestamp),
        true
),

unioned as (
    select * from business
    union all
    select * from consumers
    union all
    select * from unlisted_members
    union all
    select * from special_members
),

final as (
    select
        {{ dbt.hash(dbt.concat(["unioned.customer_code", "'|'", "cast(valid_from as " ~ dbt.type_string() ~ ")"])) }}
        as customer_key,
        unioned.customer_code,
        customer_type,
        customer_name,
        channel_code,
        province,
        city,
        region,
        -- business customers without revenue in the ABC period rank last, in C
        case
            when unioned.customer_type = 'business' then coalesce(customer_abc.abc_class, 'C')
        end as abc_class,
        valid_from,
        valid_to,
        is_current
    from unioned
    left join customer_abc on unioned.customer_code = customer_abc.customer_code
)

select * from final
