{#- History of the ERP customer master: a new version whenever a descriptive column changes
    between snapshot deliveries; a customer missing from the newest snapshot is closed off. -#}
{% snapshot snap_erp__customers %}

    {{
        config(
            unique_key='customer_code',
            strategy='check',
            check_cols=['customer_name', 'uscc', 'channel', 'crm_account_id', 'province', 'city', 'credit_days'],
            hard_deletes='invalidate',
        )
    }}

    select
        customer_code,
        customer_name,
        uscc,
        channel,
        crm_account_id,
        province,
        city,
        credit_days,
        created_at
    from {{ ref('stg_erp__customers') }}

{% endsnapshot %}
