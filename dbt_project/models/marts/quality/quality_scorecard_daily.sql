{#- The stewards' scorecard: how many rules passed per day, data source, owner and severity, and
    how the pass rate moved against the previous day with results. A rule validated several times
    in a day counts once, with its last result of that day. -#}
with rule_results as (
    select * from {{ source('quality', 'rule_results') }}
    where success is not null
),

last_of_day as (
    select
        cast(validated_at as date) as validation_date,
        rule_id,
        table_name,
        owner,
        severity,
        success,
        row_number() over (
            partition by cast(validated_at as date), rule_id order by validated_at desc
        ) as newest_first
    from rule_results
),

daily as (
    select
        validation_date,
        case
            when table_name like 'raw.%' then split_part(split_part(table_name, '.', 2), '__', 1)
            else split_part(table_name, '.', 1)
        end as data_source,
        coalesce(owner, '{{ var("unknown_code") }}') as owner,
        severity,
        count(*) as rules_evaluated,
        count(*) filter (where success) as rules_passed
    from last_of_day
    where newest_first = 1
    group by 1, 2, 3, 4
),

final as (
    select
        validation_date,
        data_source,
        owner,
        severity,
        rules_evaluated,
        rules_passed,
        rules_evaluated - rules_passed as rules_failed,
        {{ ratio('rules_passed', 'rules_evaluated') }} as pass_rate,
        cast({{ ratio('rules_passed', 'rules_evaluated') }} - lag({{ ratio('rules_passed', 'rules_evaluated') }}) over (
            partition by data_source, owner, severity order by validation_date
        ) as numeric(18, 6)) as pass_rate_change
    from daily
)

select * from final
