with region_provinces as (
    select * from {{ ref('region_provinces') }}
),

stores as (
    select * from {{ ref('stg_pos__stores') }}
),

erp_customers as (
    select * from {{ ref('stg_erp__customers') }}
),

crm_accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

cities as (
    select province, city from stores
    union
    select province, city from erp_customers
    union
    select province, city from crm_accounts
),

final as (
    select
        region_provinces.region_code,
        region_provinces.region,
        region_provinces.region_name_en,
        region_provinces.province,
        region_provinces.province_short,
        cities.city
    from region_provinces
    inner join cities on region_provinces.province = cities.province
    where cities.city is not null
)

select * from final
