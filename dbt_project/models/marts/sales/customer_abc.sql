{%- set a_share = var('abc_a_share', 0.80) -%}
{%- set b_share = var('abc_b_share', 0.95) -%}

with sales_lines as (
    select * from {{ ref('fct_sales_line') }}
),

revenue_lines as (
    select
        customer_code,
        {{ month_of('sale_date') }} as month_start,
        net_amount
    from sales_lines
    where is_revenue
),

period as (
    -- trailing 12 months ending at the last month that has any sales at all
    select
        {{ months_before('max(month_start)', 11) }} as period_start_month,
        max(month_start) as period_end_month
    from revenue_lines
),

business_sales as (
    select
        revenue_lines.customer_code,
        {{ money('sum(revenue_lines.net_amount)') }} as net_sales
    from revenue_lines
    inner join period
        on revenue_lines.month_start between period.period_start_month and period.period_end_month
    where
        revenue_lines.customer_code not like 'MBR-%'
        and revenue_lines.customer_code not in ('{{ var("unknown_code") }}', '{{ var("anonymous_consumer_code") }}')
    group by revenue_lines.customer_code
),

ranked as (
    select
        customer_code,
        net_sales,
        row_number() over (order by net_sales desc, customer_code) as sales_rank,
        sum(net_sales) over () as total_net_sales,
        sum(net_sales) over (
            order by net_sales desc, customer_code
            rows between unbounded preceding and current row
        ) as cumulative_net_sales
    from business_sales
),

final as (
    select
        ranked.customer_code,
        period.period_start_month,
        period.period_end_month,
        ranked.net_sales,
        ranked.sales_rank,
        {{ ratio('ranked.net_sales', 'ranked.total_net_sales') }} as share,
        {{ ratio('ranked.cumulative_net_sales', 'ranked.total_net_sales') }} as cumulative_share,
        -- compared in money, not in rounded shares, so a customer exactly on a threshold is in the higher class
        case
            when ranked.cumulative_net_sales <= {{ a_share }} * ranked.total_net_sales then 'A'
            when ranked.cumulative_net_sales <= {{ b_share }} * ranked.total_net_sales then 'B'
            else 'C'
        end as abc_class
    from ranked
    cross join period
)

select * from final
