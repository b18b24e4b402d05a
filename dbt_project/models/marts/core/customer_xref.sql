with customers_matched as (
    select * from {{ ref('int_customers_matched') }}
),

xref as (
    select
        source_system,
        source_key,
        customer_code,
        match_rule,
        match_confidence,
        first_seen_at
    from customers_matched
)

select * from xref
