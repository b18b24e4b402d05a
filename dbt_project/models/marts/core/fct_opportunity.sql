{#- Current state of every opportunity. An unmapped raw stage label keeps stage_code null here
    and fails the (warn) relationships test on raw_stage_label, so it is counted, not hidden. -#}
with opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
),

customers_matched as (
    select * from {{ ref('int_customers_matched') }}
    where source_system = 'crm'
),

products_resolved as (
    select * from {{ ref('int_products_resolved') }}
    where source_system = 'crm' and source_field = 'product_interest'
),

stage_map as (
    select * from {{ ref('stage_map') }}
),

standard_stages as (
    select * from {{ ref('standard_stages') }}
),

staged as (
    select
        opportunities.opportunity_id,
        coalesce(customers_matched.customer_code, '{{ var("unknown_code") }}') as customer_code,
        coalesce(products_resolved.product_code, '{{ var("unknown_code") }}') as product_code,
        opportunities.owner_rep_id,
        opportunities.lead_source,
        opportunities.stage as raw_stage_label,
        standard_stages.stage_code,
        standard_stages.stage_order,
        standard_stages.is_closed,
        standard_stages.is_won,
        opportunities.amount,
        cast(opportunities.created_at as date) as created_date,
        opportunities.expected_close_date,
        cast(opportunities.closed_at as date) as closed_date
    from opportunities
    left join customers_matched on opportunities.account_id = customers_matched.source_key
    left join products_resolved on opportunities.product_interest = products_resolved.source_key
    left join stage_map on opportunities.stage = stage_map.raw_label
    left join standard_stages on stage_map.stage_code = standard_stages.stage_code
),

final as (
    select
        opportunity_id,
        customer_code,
        product_code,
        owner_rep_id,
        lead_source,
        raw_stage_label,
        stage_code,
        stage_order,
        is_closed,
        is_won,
        cast(amount as decimal(18, 2)) as amount,
        created_date,
        expected_close_date,
        closed_date,
        cast(
            case
                when is_closed and closed_date is not null
                    then {{ dbt.datediff('created_date', 'closed_date', 'day') }}
            end as integer
        ) as sales_cycle_days
    from staged
)

select * from final
