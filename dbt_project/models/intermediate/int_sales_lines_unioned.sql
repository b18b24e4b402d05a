{#- ERP order lines and POS receipt lines in one grain (统一业绩口径): returns negative,
    cancelled ERP lines left out, every code resolved or set to the unknown member. -#}
with order_lines as (
    select * from {{ ref('stg_erp__sales_orders') }}
    where status <> 'cancelled'
),

receipt_lines as (
    select * from {{ ref('stg_pos__transactions') }}
),

erp_customers as (
    select * from {{ ref('stg_erp__customers') }}
),

customers_matched as (
    select * from {{ ref('int_customers_matched') }}
    where source_system = 'erp'
),

products_resolved as (
    select * from {{ ref('int_products_resolved') }}
),

products as (
    select * from {{ ref('stg_erp__products') }}
),

stores as (
    select * from {{ ref('stg_pos__stores') }}
),

channel_map as (
    select * from {{ ref('channel_map') }}
),

region_provinces as (
    select * from {{ ref('region_provinces') }}
),

payment_method_map as (
    select * from {{ ref('payment_method_map') }}
),

erp_lines as (
    select
        order_lines.order_date as sale_date,
        coalesce(customers_matched.customer_code, '{{ var("unknown_code") }}') as customer_code,
        coalesce(resolved.product_code, '{{ var("unknown_code") }}') as product_code,
        cast(null as varchar) as store_id,
        coalesce(channel_map.channel_code, '{{ var("unknown_code") }}') as channel_code,
        coalesce(region_provinces.region, '{{ var("unknown_code") }}') as region,
        erp_customers.province,
        erp_customers.city,
        order_lines.rep_id,
        order_lines.warehouse_code,
        cast(null as varchar) as payment_method_code,
        case when order_lines.status = 'returned' then -1 else 1 end as line_sign,
        order_lines.qty,
        order_lines.unit_price,
        coalesce(order_lines.discount_amount, 0) as discount_amount,
        products.unit_cost,
        order_lines.status as order_status,
        order_lines.status in ({{ "'" ~ var("revenue_statuses") | join("', '") ~ "'" }}) as is_revenue,
        'erp' as source_system,
        order_lines.order_id || '-' || cast(order_lines.line_no as varchar) as source_key
    from order_lines
    left join erp_customers on order_lines.customer_code = erp_customers.customer_code
    left join customers_matched on order_lines.customer_code = customers_matched.source_key
    left join products_resolved as resolved
        on
            resolved.source_system = 'erp'
            and resolved.source_field = 'sku'
            and order_lines.sku = resolved.source_key
    left join products on resolved.product_code = products.sku
    left join channel_map on erp_customers.channel = channel_map.raw_value
    left join region_provinces on erp_customers.province = region_provinces.province
),

pos_lines as (
    select
        cast(receipt_lines.sold_at as date) as sale_date,
        case
            when receipt_lines.member_id is null then '{{ var("anonymous_consumer_code") }}'
            else 'MBR-' || receipt_lines.member_id
        end as customer_code,
        resolved.product_code,
        receipt_lines.store_id,
        'store' as channel_code,
        coalesce(stores.region, '{{ var("unknown_code") }}') as region,
        stores.province,
        stores.city,
        cast(null as varchar) as rep_id,
        cast(null as varchar) as warehouse_code,
        case
            when receipt_lines.payment_method is not null
                then coalesce(payment_method_map.payment_method_code, '{{ var("unknown_code") }}')
        end as payment_method_code,
        1 as line_sign,
        receipt_lines.qty,
        receipt_lines.unit_price,
        coalesce(receipt_lines.discount_amount, 0) as discount_amount,
        products.unit_cost,
        'sold' as order_status,
        true as is_revenue,
        'pos' as source_system,
        receipt_lines.receipt_id || '-' || cast(receipt_lines.line_no as varchar) as source_key
    from receipt_lines
    inner join products_resolved as resolved
        on
            resolved.source_system = 'pos'
            and resolved.source_field = 'barcode'
            and receipt_lines.barcode = resolved.source_key
    left join products on resolved.product_code = products.sku
    left join stores on receipt_lines.store_id = stores.store_id
    left join payment_method_map on receipt_lines.payment_method = payment_method_map.raw_value
),

unioned as (
    select * from erp_lines
    union all
    select * from pos_lines
),

amounts as (
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
        cast(line_sign * qty as decimal(18, 4)) as qty,
        cast(line_sign * qty * unit_price as decimal(18, 2)) as gross_amount,
        cast(line_sign * discount_amount as decimal(18, 2)) as discount_amount,
        cast(line_sign * (qty * unit_price - discount_amount) as decimal(18, 2)) as net_amount,
        cast(line_sign * qty * unit_cost as decimal(18, 2)) as cost_amount,
        order_status,
        is_revenue,
        source_system,
        source_key
    from unioned
)

select * from amounts
