{#- Every stage an opportunity was delivered in, from all raw versions (not only the latest),
    with the earliest updated_at seen in that stage: what a funnel needs to count the highest
    standard stage an opportunity ever reached. Codes normalised as in stg_crm__opportunities. -#}
with raw_opportunities as (
    select * from {{ source('crm', 'opportunities') }}
),

batches as (
    select * from {{ source('audit', 'file_loads') }}
),

stage_map as (
    select * from {{ ref('stage_map') }}
),

standard_stages as (
    select * from {{ ref('standard_stages') }}
),

versions as (
    select
        {{ normalize_code('raw_opportunities.opportunity_id') }} as opportunity_id,
        {{ clean_text('raw_opportunities.stage') }} as raw_stage_label,
        raw_opportunities.updated_at
    from raw_opportunities
    inner join batches on raw_opportunities._batch_id = batches.batch_id
),

stages_seen as (
    select
        opportunity_id,
        raw_stage_label,
        min(updated_at) as entered_at
    from versions
    group by opportunity_id, raw_stage_label
),

final as (
    select
        stages_seen.opportunity_id,
        stages_seen.raw_stage_label,
        standard_stages.stage_code,
        standard_stages.stage_order,
        standard_stages.is_closed,
        standard_stages.is_won,
        stages_seen.entered_at,
        cast(stages_seen.entered_at as date) as entered_date
    from stages_seen
    left join stage_map on stages_seen.raw_stage_label = stage_map.raw_label
    left join standard_stages on stage_map.stage_code = standard_stages.stage_code
)

select * from final
