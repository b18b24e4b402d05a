{#- Collection by invoice month: of what was invoiced in the month, how much has been paid so
    far (current state of each invoice, so recent months naturally look lower). -#}
with invoices as (
    select * from {{ ref('fct_invoice') }}
),

monthly as (
    select
        {{ month_of('invoice_date') }} as month_start,
        count(*) as invoices,
        sum(amount) as invoiced_amount,
        sum(coalesce(paid_amount, 0)) as paid_amount,
        sum(open_amount) as open_amount
    from invoices
    group by {{ month_of('invoice_date') }}
),

final as (
    select
        month_start,
        invoices,
        {{ money('invoiced_amount') }} as invoiced_amount,
        {{ money('paid_amount') }} as paid_amount,
        {{ money('open_amount') }} as open_amount,
        {{ ratio('paid_amount', 'invoiced_amount') }} as collection_rate
    from monthly
)

select * from final
