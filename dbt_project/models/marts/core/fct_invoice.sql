{#- Receivables aged as of var('as_of_date'); without the var, as of the newest invoice_date in
    the data, so a rerun on the same data gives the same aging. Aging applies to the open
    amount of the current state; fully paid invoices have no bucket. -#}
with invoices as (
    select * from {{ ref('stg_erp__invoices') }}
),

customers_matched as (
    select * from {{ ref('int_customers_matched') }}
    where source_system = 'erp'
),

as_of as (
    {%- if var('as_of_date', none) %}
    select cast('{{ var("as_of_date") }}' as date) as as_of_date
    {%- else %}
    select max(invoice_date) as as_of_date from invoices
    {%- endif %}
),

amounts as (
    select
        invoices.invoice_id,
        invoices.order_id,
        coalesce(customers_matched.customer_code, '{{ var("unknown_code") }}') as customer_code,
        invoices.invoice_date,
        invoices.due_date,
        cast(invoices.amount as decimal(18, 2)) as amount,
        cast(invoices.paid_amount as decimal(18, 2)) as paid_amount,
        invoices.paid_date,
        cast(
            greatest(invoices.amount - coalesce(invoices.paid_amount, 0), 0) as decimal(18, 2)
        ) as open_amount,
        as_of.as_of_date
    from invoices
    cross join as_of
    left join customers_matched on invoices.customer_code = customers_matched.source_key
),

overdue as (
    select
        *,
        case
            when open_amount > 0 and coalesce(due_date, invoice_date) < as_of_date
                then {{ dbt.datediff('coalesce(due_date, invoice_date)', 'as_of_date', 'day') }}
            else 0
        end as days_overdue
    from amounts
),

final as (
    select
        invoice_id,
        order_id,
        customer_code,
        invoice_date,
        due_date,
        amount,
        paid_amount,
        paid_date,
        open_amount,
        as_of_date,
        cast(days_overdue as integer) as days_overdue,
        case
            when open_amount = 0 then null
            when days_overdue = 0 then '未到期 current'
            when days_overdue <= 30 then '1-30'
            when days_overdue <= 60 then '31-60'
            when days_overdue <= 90 then '61-90'
            else '90+'
        end as aging_bucket
    from overdue
)

select * from final
