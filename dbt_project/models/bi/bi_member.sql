{#- POS members for BI: the same customer_code pseudonym as bi.dim_customer and bi.fct_sales_line,
    so member analyses join, while names, phones and birth dates arrive masked (see the YAML). -#}
with members as (
    select * from {{ ref('stg_pos__members') }}
),

renamed as (
    select
        'MBR-' || member_id as customer_code,
        member_name,
        phone,
        birth_date,
        registered_at,
        home_store_id
    from members
),

masked as (
    select {{ masked_columns(['customer_code', 'member_name', 'phone', 'birth_date', 'registered_at', 'home_store_id']) }}
    from renamed
)

select * from masked
