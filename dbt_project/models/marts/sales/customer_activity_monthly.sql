with sales_lines as (
    select * from {{ ref('fct_sales_line') }}
),

customer_lines as (
    select
        customer_code,
        case when customer_code like 'MBR-%' then 'consumer' else 'business' end as customer_type,
        {{ month_of('sale_date') }} as month_start,
        {{ order_key('source_system', 'source_key') }} as order_key
    from sales_lines
    -- a customer is active in a month when they bought something: return-only months do not count
    where
        is_revenue
        and qty > 0
        and customer_code not in ('{{ var("unknown_code") }}', '{{ var("anonymous_consumer_code") }}')
),

customer_months as (
    select
        customer_code,
        customer_type,
        month_start,
        count(distinct order_key) as orders
    from customer_lines
    group by
        customer_code,
        customer_type,
        month_start
),

first_months as (
    select
        customer_code,
        min(month_start) as first_month_start
    from customer_months
    group by customer_code
),

customer_months_flagged as (
    select
        customer_months.customer_code,
        customer_months.customer_type,
        customer_months.month_start,
        customer_months.orders,
        customer_months.month_start = first_months.first_month_start as is_new,
        prior_month.customer_code is not null as was_active_prior_month
    from customer_months
    inner join first_months
        on customer_months.customer_code = first_months.customer_code
    left join customer_months as prior_month
        on
            customer_months.customer_code = prior_month.customer_code
            and prior_month.month_start = {{ months_before('customer_months.month_start', 1) }}
),

monthly as (
    select
        month_start,
        customer_type,
        count(*) as active_customers,
        count(case when is_new then 1 end) as new_customers,
        count(case when was_active_prior_month then 1 end) as retained_customers,
        count(case when orders >= 2 then 1 end) as repeat_customers
    from customer_months_flagged
    group by
        month_start,
        customer_type
),

compared as (
    select
        monthly.*,
        coalesce(prior_month.active_customers, 0) as prior_month_active_customers
    from monthly
    left join monthly as prior_month
        on
            monthly.customer_type = prior_month.customer_type
            and prior_month.month_start = {{ months_before('monthly.month_start', 1) }}
),

final as (
    select
        month_start,
        customer_type,
        active_customers,
        new_customers,
        retained_customers,
        prior_month_active_customers,
        {{ ratio('retained_customers', 'prior_month_active_customers') }} as retention_rate,
        repeat_customers,
        {{ ratio('repeat_customers', 'active_customers') }} as repurchase_rate
    from compared
)

select * from final
