with sales_lines as (
    select * from {{ ref('fct_sales_line') }}
),

products as (
    select * from {{ ref('dim_product') }}
),

lines_classified as (
    select
        {{ month_of('sales_lines.sale_date') }} as month_start,
        coalesce(sales_lines.region, '{{ var("unknown_code") }}') as region,
        coalesce(products.category_l1, '{{ var("unknown_code") }}') as category_l1,
        sales_lines.channel_code,
        sales_lines.is_revenue,
        sales_lines.source_system,
        sales_lines.qty,
        sales_lines.gross_amount,
        sales_lines.discount_amount,
        sales_lines.net_amount,
        sales_lines.cost_amount,
        {{ order_key('sales_lines.source_system', 'sales_lines.source_key') }} as order_key
    from sales_lines
    left join products
        on sales_lines.product_code = products.product_code
),

monthly as (
    select
        month_start,
        region,
        category_l1,
        channel_code,
        {{ money('sum(case when is_revenue then net_amount else 0 end)') }} as net_sales,
        {{ money('sum(case when is_revenue then gross_amount else 0 end)') }} as gross_sales,
        {{ money('sum(case when is_revenue then discount_amount else 0 end)') }} as discount,
        {{ money('sum(case when is_revenue then cost_amount else 0 end)') }} as cost,
        cast(sum(case when is_revenue then qty else 0 end) as numeric(18, 4)) as qty,
        -- an order counts once it sold something: return-only receipts and returned ERP lines are not orders
        count(distinct case when is_revenue and qty > 0 then order_key end) as orders,
        {{ money("sum(case when source_system = 'erp' then net_amount else 0 end)") }} as order_intake
    from lines_classified
    group by
        month_start,
        region,
        category_l1,
        channel_code
),

compared as (
    select
        monthly.*,
        prior_month.net_sales as prior_month_net_sales,
        prior_year.net_sales as prior_year_net_sales
    from monthly
    left join monthly as prior_month
        on
            monthly.region = prior_month.region
            and monthly.category_l1 = prior_month.category_l1
            and monthly.channel_code = prior_month.channel_code
            and prior_month.month_start = {{ months_before('monthly.month_start', 1) }}
    left join monthly as prior_year
        on
            monthly.region = prior_year.region
            and monthly.category_l1 = prior_year.category_l1
            and monthly.channel_code = prior_year.channel_code
            and prior_year.month_start = {{ months_before('monthly.month_start', 12) }}
),

final as (
    select
        month_start,
        region,
        category_l1,
        channel_code,
        net_sales,
        gross_sales,
        discount,
        cost,
        {{ money('net_sales - cost') }} as gross_margin,
        {{ ratio('net_sales - cost', 'net_sales') }} as gross_margin_rate,
        qty,
        orders,
        {{ money(ratio('net_sales', 'orders')) }} as average_order_value,
        prior_month_net_sales,
        prior_year_net_sales,
        {{ ratio('net_sales - prior_month_net_sales', 'prior_month_net_sales') }} as mom_growth,
        {{ ratio('net_sales - prior_year_net_sales', 'prior_year_net_sales') }} as yoy_growth,
        order_intake
    from compared
)

select * from final
