{#- Sales targets from the newest ERP snapshot. A blank rep_id is the target of the whole
    region × category; rep-level rows break it down, so never sum both levels together. -#}
with targets as (
    select * from {{ ref('stg_erp__sales_targets') }}
),

final as (
    select
        cast(month || '-01' as date) as month_start,
        region,
        category_l1,
        rep_id,
        cast(target_amount as decimal(18, 2)) as target_amount,
        rep_id is not null as is_rep_level
    from targets
)

select * from final
