{#- History of the CRM accounts: a new version whenever a descriptive column changes between
    snapshot deliveries. The decision-maker contact columns (personal data) are left out. -#}
{% snapshot snap_crm__accounts %}

    {{
        config(
            unique_key='account_id',
            strategy='check',
            check_cols=['account_name', 'uscc', 'industry', 'company_size', 'province', 'city', 'owner_rep_id'],
            hard_deletes='invalidate',
        )
    }}

    select
        account_id,
        account_name,
        uscc,
        industry,
        company_size,
        province,
        city,
        owner_rep_id,
        created_at
    from {{ ref('stg_crm__accounts') }}

{% endsnapshot %}
