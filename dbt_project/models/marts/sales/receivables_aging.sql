{#- Open receivables by aging bucket as of fct_invoice's as_of_date. Every bucket gets a row,
    empty ones with 0, so a report always shows the same five lines in the same order. -#}
with invoices as (
    select * from {{ ref('fct_invoice') }}
),

aging_buckets as (
    select '未到期 current' as aging_bucket, 1 as bucket_order
    union all select '1-30', 2
    union all select '31-60', 3
    union all select '61-90', 4
    union all select '90+', 5
),

as_of as (
    select max(as_of_date) as as_of_date
    from invoices
),

open_by_bucket as (
    select
        aging_bucket,
        count(*) as open_invoices,
        sum(open_amount) as open_amount
    from invoices
    where aging_bucket is not null
    group by aging_bucket
),

totals as (
    select sum(open_amount) as total_open_amount
    from open_by_bucket
),

final as (
    select
        aging_buckets.aging_bucket,
        aging_buckets.bucket_order,
        as_of.as_of_date,
        coalesce(open_by_bucket.open_invoices, 0) as open_invoices,
        {{ money('coalesce(open_by_bucket.open_amount, 0)') }} as open_amount,
        {{ ratio('coalesce(open_by_bucket.open_amount, 0)', 'totals.total_open_amount') }} as open_amount_share
    from aging_buckets
    cross join as_of
    cross join totals
    left join open_by_bucket
        on aging_buckets.aging_bucket = open_by_bucket.aging_bucket
)

select * from final
