{#- Every rep HR ever delivered, plus reps that orders, opportunities or targets name but no HR
    snapshot lists (left before the first snapshot, or their row was quarantined): those get a
    row as '未登记销售 / unlisted rep' with region UNKNOWN, so their sales stay attributed. -#}
with reps as (
    select * from {{ ref('stg_crm__reps') }}
),

order_lines as (
    select * from {{ ref('stg_erp__sales_orders') }}
),

opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
),

targets as (
    select * from {{ ref('stg_erp__sales_targets') }}
),

listed as (
    select
        reps.rep_id,
        reps.rep_name,
        reps.team,
        reps.region,
        reps.manager_rep_id,
        managers.rep_name as manager_name,
        reps.hire_date,
        reps.termination_date,
        reps.termination_date is null and reps.is_in_newest_snapshot as is_active
    from reps
    left join reps as managers on reps.manager_rep_id = managers.rep_id
),

named_elsewhere as (
    select rep_id from order_lines
    union
    select owner_rep_id as rep_id from opportunities
    union
    select rep_id from targets
),

unlisted as (
    select
        named_elsewhere.rep_id,
        '未登记销售 / unlisted rep' as rep_name,
        cast(null as varchar) as team,
        '{{ var("unknown_code") }}' as region,
        cast(null as varchar) as manager_rep_id,
        cast(null as varchar) as manager_name,
        cast(null as date) as hire_date,
        cast(null as date) as termination_date,
        false as is_active
    from named_elsewhere
    where
        named_elsewhere.rep_id is not null
        and named_elsewhere.rep_id not in (select listed.rep_id from listed)
),

final as (
    select * from listed
    union all
    select * from unlisted
)

select * from final
