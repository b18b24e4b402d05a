with registry as (
    select * from {{ source('mdm', 'customer_registry') }}
),

crm_accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

erp_customers as (
    select * from {{ ref('stg_erp__customers') }}
),

current_keys as (
    select 'crm' as source_system, account_id as source_key from crm_accounts
    union all
    select 'erp' as source_system, customer_code as source_key from erp_customers
),

matched as (
    select
        registry.source_system,
        registry.source_key,
        registry.customer_code,
        registry.match_rule,
        cast(registry.match_confidence as numeric(4, 3)) as match_confidence,
        registry.first_seen_at,
        current_keys.source_key is not null as is_current
    from registry
    left join current_keys
        on
            registry.source_system = current_keys.source_system
            and registry.source_key = current_keys.source_key
)

select * from matched
