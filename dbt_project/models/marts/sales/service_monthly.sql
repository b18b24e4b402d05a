{#- Service quality by the month a ticket was opened. Scores outside their business range
    (CSAT and CES 1–5, NPS 0–10) are left out, as fct_service_ticket asks. NPS is in points:
    % promoters (9–10) − % detractors (0–6) of the valid NPS answers, −100 to 100. -#}
with tickets as (
    select * from {{ ref('fct_service_ticket') }}
),

tickets_scored as (
    select
        {{ month_of('opened_at') }} as month_start,
        case when csat between 1 and 5 then csat end as valid_csat,
        case when nps between 0 and 10 then nps end as valid_nps,
        case when ces between 1 and 5 then ces end as valid_ces,
        first_contact_resolved,
        response_hours,
        resolution_hours
    from tickets
),

monthly as (
    select
        month_start,
        count(*) as tickets,
        count(valid_csat) as csat_responses,
        avg(valid_csat) as average_csat,
        count(valid_nps) as nps_responses,
        sum(case when valid_nps >= 9 then 1 else 0 end) as promoters,
        sum(case when valid_nps <= 6 then 1 else 0 end) as detractors,
        count(valid_ces) as ces_responses,
        avg(valid_ces) as average_ces,
        count(first_contact_resolved) as fcr_known_tickets,
        sum(case when first_contact_resolved then 1 else 0 end) as first_contact_resolved_tickets,
        avg(response_hours) as mean_response_hours,
        avg(resolution_hours) as mean_resolution_hours
    from tickets_scored
    group by month_start
),

final as (
    select
        month_start,
        tickets,
        csat_responses,
        cast(average_csat as numeric(18, 4)) as average_csat,
        nps_responses,
        promoters,
        detractors,
        cast({{ ratio('100 * (promoters - detractors)', 'nps_responses') }} as numeric(18, 2)) as nps,
        ces_responses,
        cast(average_ces as numeric(18, 4)) as average_ces,
        {{ ratio('first_contact_resolved_tickets', 'fcr_known_tickets') }} as first_contact_resolution_rate,
        cast(mean_response_hours as numeric(18, 2)) as mean_response_hours,
        cast(mean_resolution_hours as numeric(18, 2)) as mean_resolution_hours
    from monthly
)

select * from final
