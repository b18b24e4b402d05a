{#- Service tickets, current state. Survey scores outside their range (CSAT 1–5, NPS 0–10,
    CES 1–5) are kept as delivered and flagged; KPI marts filter on the flags. -#}
with tickets as (
    select * from {{ ref('stg_crm__service_tickets') }}
),

customers_matched as (
    select * from {{ ref('int_customers_matched') }}
    where source_system = 'crm'
),

products_resolved as (
    select * from {{ ref('int_products_resolved') }}
    where source_system = 'crm' and source_field = 'ticket_sku'
),

final as (
    select
        tickets.ticket_id,
        coalesce(customers_matched.customer_code, '{{ var("unknown_code") }}') as customer_code,
        coalesce(products_resolved.product_code, '{{ var("unknown_code") }}') as product_code,
        tickets.channel,
        tickets.opened_at,
        tickets.first_response_at,
        tickets.resolved_at,
        cast(
            {{ dbt.datediff('tickets.opened_at', 'tickets.first_response_at', 'minute') }} / 60.0
            as decimal(18, 2)
        ) as response_hours,
        cast(
            {{ dbt.datediff('tickets.opened_at', 'tickets.resolved_at', 'minute') }} / 60.0
            as decimal(18, 2)
        ) as resolution_hours,
        tickets.first_contact_resolved,
        cast(tickets.csat as integer) as csat,
        cast(tickets.nps as integer) as nps,
        cast(tickets.ces as integer) as ces,
        coalesce(tickets.csat not between 1 and 5, false) as is_csat_out_of_range,
        coalesce(tickets.nps not between 0 and 10, false) as is_nps_out_of_range,
        coalesce(tickets.ces not between 1 and 5, false) as is_ces_out_of_range
    from tickets
    left join customers_matched on tickets.account_id = customers_matched.source_key
    left join products_resolved on tickets.sku = products_resolved.source_key
)

select * from final
