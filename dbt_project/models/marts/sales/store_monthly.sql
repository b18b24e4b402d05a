with sales_lines as (
    select * from {{ ref('fct_sales_line') }}
),

stores as (
    select * from {{ ref('dim_store') }}
),

data_end as (
    select max(sale_date) as last_sale_date
    from sales_lines
),

store_lines as (
    select
        store_id,
        customer_code,
        sale_date,
        {{ month_of('sale_date') }} as month_start,
        qty,
        net_amount
    from sales_lines
    where is_revenue and store_id is not null
),

store_months as (
    select
        store_id,
        month_start,
        {{ money('sum(net_amount)') }} as net_sales
    from store_lines
    group by
        store_id,
        month_start
),

member_purchase_days as (
    -- a purchase is a day a member bought something at a store; return-only days are not purchases
    select distinct
        store_id,
        customer_code,
        sale_date,
        month_start
    from store_lines
    where customer_code like 'MBR-%' and qty > 0
),

member_first_purchases as (
    select
        store_id,
        customer_code,
        month_start,
        min(sale_date) as first_purchase_date
    from member_purchase_days
    group by
        store_id,
        customer_code,
        month_start
),

member_purchase_dates as (
    -- coming back counts at any store: members roam, and the store that won them keeps the credit
    select distinct
        customer_code,
        sale_date
    from member_purchase_days
),

member_repurchases as (
    -- bought again on a later day, at most 30 days after the first purchase at the store that month
    select
        member_first_purchases.store_id,
        member_first_purchases.month_start,
        member_first_purchases.customer_code,
        count(later.sale_date) > 0 as has_repurchased
    from member_first_purchases
    left join member_purchase_dates as later
        on
            member_first_purchases.customer_code = later.customer_code
            and later.sale_date > member_first_purchases.first_purchase_date
            and later.sale_date
            <= cast({{ dbt.dateadd('day', 30, 'member_first_purchases.first_purchase_date') }} as date)
    group by
        member_first_purchases.store_id,
        member_first_purchases.month_start,
        member_first_purchases.customer_code
),

member_months as (
    select
        store_id,
        month_start,
        count(*) as buying_members,
        count(case when has_repurchased then 1 end) as repurchasing_members
    from member_repurchases
    group by
        store_id,
        month_start
),

final as (
    select
        store_months.month_start,
        store_months.store_id,
        stores.store_name,
        stores.region,
        stores.area_sqm,
        store_months.net_sales,
        {{ ratio('store_months.net_sales', 'stores.area_sqm') }} as sales_per_sqm,
        coalesce(member_months.buying_members, 0) as buying_members,
        coalesce(member_months.repurchasing_members, 0) as repurchasing_members_30d,
        {{ ratio('member_months.repurchasing_members', 'member_months.buying_members') }}
            as member_repurchase_rate_30d,
        -- the last months' members have not had 30 days to come back yet
        cast({{ dbt.dateadd('day', 30, dbt.dateadd('day', -1, dbt.dateadd('month', 1, 'store_months.month_start'))) }} as date)
        <= data_end.last_sale_date as is_repurchase_window_complete
    from store_months
    cross join data_end
    left join stores
        on store_months.store_id = stores.store_id
    left join member_months
        on
            store_months.store_id = member_months.store_id
            and store_months.month_start = member_months.month_start
)

select * from final
