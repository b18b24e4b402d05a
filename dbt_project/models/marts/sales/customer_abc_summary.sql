with customer_abc as (
    select * from {{ ref('customer_abc') }}
),

classes as (
    select
        abc_class,
        min(period_start_month) as period_start_month,
        max(period_end_month) as period_end_month,
        count(*) as customers,
        {{ money('sum(net_sales)') }} as net_sales
    from customer_abc
    group by abc_class
),

totals as (
    select
        sum(customers) as total_customers,
        sum(net_sales) as total_net_sales
    from classes
),

final as (
    select
        classes.abc_class,
        classes.period_start_month,
        classes.period_end_month,
        classes.customers,
        {{ ratio('classes.customers', 'totals.total_customers') }} as customer_share,
        classes.net_sales,
        {{ ratio('classes.net_sales', 'totals.total_net_sales') }} as net_sales_share
    from classes
    cross join totals
)

select * from final
