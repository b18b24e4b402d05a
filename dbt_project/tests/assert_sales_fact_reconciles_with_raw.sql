{#- Valid raw totals = fact totals, to the cent, per source: the latest version of every raw
    line (by updated_at where the source has it, then delivery order), cancelled ERP lines left
    out and returned ones negative. Returns the sources whose totals differ. -#}
with erp_versions as (
    select
        orders.*,
        row_number() over (
            partition by upper(trim(orders.order_id)), orders.line_no
            order by orders.updated_at desc, loads.file_date desc, loads.file_seq desc, orders._batch_id desc,
            orders._source_line desc
        ) as version_rank
    from {{ source('erp', 'sales_orders') }} as orders
    inner join {{ source('audit', 'file_loads') }} as loads
        on orders._batch_id = loads.batch_id and loads.status = 'loaded'
),

pos_versions as (
    select
        receipts.*,
        row_number() over (
            partition by upper(trim(receipts.receipt_id)), receipts.line_no
            order by loads.file_date desc, loads.file_seq desc, receipts._batch_id desc, receipts._source_line desc
        ) as version_rank
    from {{ source('pos', 'transactions') }} as receipts
    inner join {{ source('audit', 'file_loads') }} as loads
        on receipts._batch_id = loads.batch_id and loads.status = 'loaded'
),

raw_totals as (
    select
        'erp' as source_system,
        sum(
            case when status = 'returned' then -1 else 1 end
            * round(qty * unit_price - coalesce(discount_amount, 0), 2)
        ) as net_amount
    from erp_versions
    where version_rank = 1 and status <> 'cancelled'
    union all
    select
        'pos' as source_system,
        sum(round(qty * unit_price - coalesce(discount_amount, 0), 2)) as net_amount
    from pos_versions
    where version_rank = 1
),

fact_totals as (
    select
        source_system,
        sum(net_amount) as net_amount
    from {{ ref('fct_sales_line') }}
    group by source_system
)

select
    raw_totals.source_system,
    raw_totals.net_amount as raw_net_amount,
    fact_totals.net_amount as fact_net_amount
from raw_totals
full outer join fact_totals on raw_totals.source_system = fact_totals.source_system
where coalesce(raw_totals.net_amount, 0) <> coalesce(fact_totals.net_amount, 0)
