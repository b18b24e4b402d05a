{#- A funnel by creation cohort. An opportunity reaches a stage when the highest standard
    stage it was ever delivered in (all raw versions, or its current state) is at or past it,
    so a won deal has reached every earlier stage. Lost (S0) says nothing about how far a deal
    got, so it is not a funnel stage; every opportunity counts as an initial contact, including
    one whose labels are all unmapped (kept in the cohort rather than silently dropped). -#}
with opportunities as (
    select * from {{ ref('fct_opportunity') }}
),

stage_history as (
    select * from {{ ref('fct_opportunity_stage_history') }}
),

standard_stages as (
    select * from {{ ref('standard_stages') }}
),

highest_stage_seen as (
    select
        opportunity_id,
        max(stage_order) as highest_stage_order
    from stage_history
    group by opportunity_id
),

opportunities_reached as (
    select
        opportunities.opportunity_id,
        {{ month_of('opportunities.created_date') }} as cohort_month,
        greatest(
            1,
            coalesce(highest_stage_seen.highest_stage_order, 0),
            coalesce(opportunities.stage_order, 0)
        ) as highest_stage_order
    from opportunities
    left join highest_stage_seen
        on opportunities.opportunity_id = highest_stage_seen.opportunity_id
),

funnel_stages as (
    select
        stage_code,
        stage_name_zh,
        stage_order,
        industry_reach_pct
    from standard_stages
    where stage_order >= 1
),

stage_counts as (
    select
        opportunities_reached.cohort_month,
        funnel_stages.stage_code,
        funnel_stages.stage_name_zh,
        funnel_stages.stage_order,
        funnel_stages.industry_reach_pct,
        count(*) as cohort_opportunities,
        sum(
            case when opportunities_reached.highest_stage_order >= funnel_stages.stage_order then 1 else 0 end
        ) as reached_opportunities
    from opportunities_reached
    cross join funnel_stages
    group by
        opportunities_reached.cohort_month,
        funnel_stages.stage_code,
        funnel_stages.stage_name_zh,
        funnel_stages.stage_order,
        funnel_stages.industry_reach_pct
),

with_prior_stage as (
    select
        stage_counts.*,
        prior_stage.reached_opportunities as prior_stage_opportunities
    from stage_counts
    left join stage_counts as prior_stage
        on
            stage_counts.cohort_month = prior_stage.cohort_month
            and prior_stage.stage_order = stage_counts.stage_order - 1
),

final as (
    select
        cohort_month,
        stage_code,
        stage_name_zh,
        stage_order,
        cohort_opportunities,
        reached_opportunities,
        prior_stage_opportunities,
        {{ ratio('reached_opportunities', 'prior_stage_opportunities') }} as stage_conversion_rate,
        {{ ratio('reached_opportunities', 'cohort_opportunities') }} as reach_rate,
        {{ ratio('industry_reach_pct', 100) }} as industry_reach_rate
    from with_prior_stage
)

select * from final
