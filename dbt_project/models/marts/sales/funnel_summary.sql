{#- Outcome of each creation cohort. Win rate is over closed deals only (open deals have no
    outcome yet); an unmapped stage has no is_closed and counts as open. -#}
with opportunities as (
    select * from {{ ref('fct_opportunity') }}
),

cohort_outcomes as (
    select
        {{ month_of('created_date') }} as cohort_month,
        count(*) as opportunities,
        sum(case when is_closed then 1 else 0 end) as closed_opportunities,
        sum(case when is_won then 1 else 0 end) as won_opportunities,
        avg(case when is_won then sales_cycle_days end) as won_sales_cycle_days,
        avg(case when is_won then amount end) as won_deal_size,
        sum(case when is_won then amount else 0 end) as won_amount
    from opportunities
    group by {{ month_of('created_date') }}
),

final as (
    select
        cohort_month,
        opportunities,
        closed_opportunities,
        won_opportunities,
        closed_opportunities - won_opportunities as lost_opportunities,
        {{ ratio('won_opportunities', 'closed_opportunities') }} as win_rate,
        cast(won_sales_cycle_days as numeric(18, 2)) as average_won_sales_cycle_days,
        {{ money('won_deal_size') }} as average_won_deal_size,
        {{ money('won_amount') }} as won_amount
    from cohort_outcomes
)

select * from final
