with reps as (
    select * from {{ ref('stg_crm__reps') }}
),

final as (
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
)

select * from final
