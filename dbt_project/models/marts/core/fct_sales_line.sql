with sales_lines as (
    select * from {{ ref('int_sales_lines_unioned') }}
),

final as (
    select
        sale_date,
        customer_code,
        product_code,
        store_id,
        channel_code,
        region,
        province,
        city,
        rep_id,
        warehouse_code,
        payment_method_code,
        qty,
        gross_amount,
        discount_amount,
        net_amount,
        cost_amount,
        order_status,
        is_revenue,
        source_system,
        source_key
    from sales_lines
)

select * from final
