{#- Region-level targets (rep_id null; the rep rows only break them down) against net sales
    of the same month, region and category. A full join keeps sales without a target
    (attainment NULL) and targets without sales (attainment 0). Targets come from the ERP
    planning system, so ERP-only net sales and attainment stand beside the all-channel ones. -#}
with targets as (
    select * from {{ ref('fct_sales_target') }}
),

sales_lines as (
    select * from {{ ref('fct_sales_line') }}
),

products as (
    select * from {{ ref('dim_product') }}
),

region_targets as (
    select
        month_start,
        region,
        category_l1,
        sum(target_amount) as target_amount
    from targets
    where rep_id is null
    group by
        month_start,
        region,
        category_l1
),

revenue_lines as (
    select
        {{ month_of('sales_lines.sale_date') }} as month_start,
        coalesce(sales_lines.region, '{{ var("unknown_code") }}') as region,
        coalesce(products.category_l1, '{{ var("unknown_code") }}') as category_l1,
        sales_lines.source_system,
        sales_lines.net_amount
    from sales_lines
    left join products
        on sales_lines.product_code = products.product_code
    where sales_lines.is_revenue
),

monthly_sales as (
    select
        month_start,
        region,
        category_l1,
        sum(net_amount) as net_sales,
        sum(case when source_system = 'erp' then net_amount else 0 end) as erp_net_sales
    from revenue_lines
    group by
        month_start,
        region,
        category_l1
),

joined as (
    select
        coalesce(region_targets.month_start, monthly_sales.month_start) as month_start,
        coalesce(region_targets.region, monthly_sales.region) as region,
        coalesce(region_targets.category_l1, monthly_sales.category_l1) as category_l1,
        region_targets.target_amount,
        coalesce(monthly_sales.net_sales, 0) as net_sales,
        coalesce(monthly_sales.erp_net_sales, 0) as erp_net_sales
    from region_targets
    full outer join monthly_sales
        on
            region_targets.month_start = monthly_sales.month_start
            and region_targets.region = monthly_sales.region
            and region_targets.category_l1 = monthly_sales.category_l1
),

final as (
    select
        month_start,
        region,
        category_l1,
        {{ money('target_amount') }} as target_amount,
        {{ money('net_sales') }} as net_sales,
        {{ money('net_sales - target_amount') }} as gap_to_target,
        {{ ratio('net_sales', 'target_amount') }} as attainment_rate,
        {{ money('erp_net_sales') }} as erp_net_sales,
        {{ ratio('erp_net_sales', 'target_amount') }} as erp_attainment_rate
    from joined
)

select * from final
