{#- Company-wide, one row per month: the sales fact carries no warehouse, so COGS cannot be
    split by warehouse and turnover is computed for all warehouses together. Average
    inventory is the mean of the daily totals over the month's snapshot days; turnover is
    annualised (monthly COGS × 12). Stock-outs keep the warehouse view: days with a
    stock-out anywhere, and warehouse-days with one. -#}
with sales_lines as (
    select * from {{ ref('fct_sales_line') }}
),

inventory as (
    select * from {{ ref('fct_inventory_daily') }}
),

monthly_cogs as (
    select
        {{ month_of('sale_date') }} as month_start,
        sum(cost_amount) as cogs
    from sales_lines
    where is_revenue
    group by {{ month_of('sale_date') }}
),

daily_inventory as (
    select
        snapshot_date,
        sum(inventory_value) as inventory_value
    from inventory
    group by snapshot_date
),

monthly_inventory as (
    select
        {{ month_of('snapshot_date') }} as month_start,
        count(*) as snapshot_days,
        avg(inventory_value) as average_inventory_value
    from daily_inventory
    group by {{ month_of('snapshot_date') }}
),

warehouse_stockout_days as (
    select distinct
        snapshot_date,
        warehouse_code
    from inventory
    where is_stockout
),

monthly_stockouts as (
    select
        {{ month_of('snapshot_date') }} as month_start,
        count(distinct snapshot_date) as stockout_days,
        count(*) as stockout_warehouse_days
    from warehouse_stockout_days
    group by {{ month_of('snapshot_date') }}
),

joined as (
    select
        coalesce(monthly_inventory.month_start, monthly_cogs.month_start) as month_start,
        coalesce(monthly_cogs.cogs, 0) as cogs,
        coalesce(monthly_inventory.snapshot_days, 0) as snapshot_days,
        monthly_inventory.average_inventory_value,
        coalesce(monthly_stockouts.stockout_days, 0) as stockout_days,
        coalesce(monthly_stockouts.stockout_warehouse_days, 0) as stockout_warehouse_days
    from monthly_inventory
    full outer join monthly_cogs
        on monthly_inventory.month_start = monthly_cogs.month_start
    left join monthly_stockouts
        on coalesce(monthly_inventory.month_start, monthly_cogs.month_start) = monthly_stockouts.month_start
),

final as (
    select
        month_start,
        {{ money('cogs') }} as cogs,
        snapshot_days,
        {{ money('average_inventory_value') }} as average_inventory_value,
        {{ ratio('cogs * 12', 'average_inventory_value') }} as annualised_turnover,
        cast({{ ratio('365 * average_inventory_value', 'cogs * 12') }} as numeric(18, 2)) as days_of_inventory,
        stockout_days,
        stockout_warehouse_days
    from joined
)

select * from final
