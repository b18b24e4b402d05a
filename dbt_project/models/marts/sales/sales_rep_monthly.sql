with sales_lines as (
    select * from {{ ref('fct_sales_line') }}
),

reps as (
    select * from {{ ref('dim_rep') }}
),

rep_lines as (
    select
        {{ month_of('sale_date') }} as month_start,
        rep_id,
        customer_code,
        qty,
        net_amount,
        {{ order_key('source_system', 'source_key') }} as order_key
    from sales_lines
    where is_revenue and rep_id is not null
),

monthly as (
    select
        month_start,
        rep_id,
        {{ money('sum(net_amount)') }} as net_sales,
        count(distinct case when qty > 0 then order_key end) as orders,
        count(distinct case
            when customer_code not in ('{{ var("unknown_code") }}', '{{ var("anonymous_consumer_code") }}')
                then customer_code
        end) as customers_served
    from rep_lines
    group by
        month_start,
        rep_id
),

with_rep as (
    select
        monthly.month_start,
        monthly.rep_id,
        reps.rep_name,
        reps.team,
        -- the rep's own region (dim_rep), so a rep is ranked once, among the colleagues of their region
        coalesce(reps.region, '{{ var("unknown_code") }}') as region,
        monthly.net_sales,
        monthly.orders,
        monthly.customers_served
    from monthly
    left join reps
        on monthly.rep_id = reps.rep_id
),

final as (
    select
        month_start,
        rep_id,
        rep_name,
        team,
        region,
        net_sales,
        orders,
        customers_served,
        rank() over (partition by month_start, region order by net_sales desc) as rank_in_region
    from with_rep
)

select * from final
