{#- The calendar 2015–2035 with the Chinese holiday and promotion periods of the seed. -#}
with days as (
    {{ dbt.date_spine(datepart="day", start_date="cast('2015-01-01' as date)", end_date="cast('2036-01-01' as date)") }}
),

events as (
    select * from {{ ref('cn_calendar_events') }}
),

calendar as (
    select
        cast(date_day as date) as date_day,
        cast(extract(year from date_day) as integer) as year,
        cast(extract(quarter from date_day) as integer) as quarter,
        cast(extract(month from date_day) as integer) as month,
        cast({{ dbt.date_trunc("month", "date_day") }} as date) as month_start,
        cast(extract(isodow from date_day) as integer) as iso_day_of_week
    from days
),

day_events as (
    select
        calendar.date_day,
        max(case when events.event_kind = 'holiday' then events.event_name_zh end) as holiday_name_zh,
        max(case when events.event_kind = 'promotion' then events.event_name_zh end) as promotion_name_zh,
        max(case when events.event_kind = 'season' then events.event_name_zh end) as season_name_zh
    from calendar
    inner join events on calendar.date_day between events.start_date and events.end_date
    group by calendar.date_day
),

final as (
    select
        calendar.date_day,
        calendar.year,
        calendar.quarter,
        calendar.month,
        calendar.month_start,
        calendar.iso_day_of_week,
        calendar.iso_day_of_week >= 6 as is_weekend,
        day_events.holiday_name_zh,
        day_events.promotion_name_zh,
        day_events.season_name_zh,
        day_events.holiday_name_zh is not null as is_holiday,
        day_events.promotion_name_zh is not null as is_promotion,
        coalesce(day_events.holiday_name_zh = '春节', false) as is_spring_festival
    from calendar
    left join day_events on calendar.date_day = day_events.date_day
)

select * from final
