{#- One SCD2 history per golden business customer from the ERP and CRM snapshots. At every
    moment a source version starts or ends, the customer is described by the ERP record valid
    then (name, channel, province, city), else by the CRM record; a moment that changes
    nothing starts no new version, and a moment with no record valid ends the history. When
    several keys of one source belong to one golden code, the smallest key describes it.
    Versions are kept by day (the last state of a day counts): the two snapshots of one run
    are taken moments apart, and must not make a version that lasts milliseconds. -#}
with erp_versions as (
    select * from {{ ref('snap_erp__customers') }}
),

crm_versions as (
    select * from {{ ref('snap_crm__accounts') }}
),

customers_matched as (
    select * from {{ ref('int_customers_matched') }}
),

erp_coded as (
    select
        customers_matched.customer_code,
        erp_versions.customer_code as source_key,
        erp_versions.customer_name,
        erp_versions.channel,
        erp_versions.province,
        erp_versions.city,
        cast({{ dbt.date_trunc('day', 'erp_versions.dbt_valid_from') }} as timestamp) as valid_from,
        cast({{ dbt.date_trunc('day', 'erp_versions.dbt_valid_to') }} as timestamp) as valid_to
    from erp_versions
    inner join customers_matched
        on
            customers_matched.source_system = 'erp'
            and erp_versions.customer_code = customers_matched.source_key
),

crm_coded as (
    select
        customers_matched.customer_code,
        crm_versions.account_id as source_key,
        crm_versions.account_name as customer_name,
        crm_versions.province,
        crm_versions.city,
        cast({{ dbt.date_trunc('day', 'crm_versions.dbt_valid_from') }} as timestamp) as valid_from,
        cast({{ dbt.date_trunc('day', 'crm_versions.dbt_valid_to') }} as timestamp) as valid_to
    from crm_versions
    inner join customers_matched
        on
            customers_matched.source_system = 'crm'
            and crm_versions.account_id = customers_matched.source_key
),

change_points as (
    select customer_code, valid_from as changed_at from erp_coded
    union
    select customer_code, valid_to as changed_at from erp_coded where valid_to is not null
    union
    select customer_code, valid_from as changed_at from crm_coded
    union
    select customer_code, valid_to as changed_at from crm_coded where valid_to is not null
),

erp_at_point as (
    select
        change_points.customer_code,
        change_points.changed_at,
        erp_coded.customer_name,
        erp_coded.channel,
        erp_coded.province,
        erp_coded.city,
        row_number() over (
            partition by change_points.customer_code, change_points.changed_at
            order by erp_coded.source_key
        ) as key_rank
    from change_points
    inner join erp_coded
        on
            change_points.customer_code = erp_coded.customer_code
            and erp_coded.valid_from <= change_points.changed_at
            and (erp_coded.valid_to is null or erp_coded.valid_to > change_points.changed_at)
),

crm_at_point as (
    select
        change_points.customer_code,
        change_points.changed_at,
        crm_coded.customer_name,
        crm_coded.province,
        crm_coded.city,
        row_number() over (
            partition by change_points.customer_code, change_points.changed_at
            order by crm_coded.source_key
        ) as key_rank
    from change_points
    inner join crm_coded
        on
            change_points.customer_code = crm_coded.customer_code
            and crm_coded.valid_from <= change_points.changed_at
            and (crm_coded.valid_to is null or crm_coded.valid_to > change_points.changed_at)
),

described as (
    select
        change_points.customer_code,
        change_points.changed_at,
        case
            when erp_at_point.customer_code is not null then 'erp'
            when crm_at_point.customer_code is not null then 'crm'
        end as record_source,
        case
            when erp_at_point.customer_code is not null then erp_at_point.customer_name
            else crm_at_point.customer_name
        end as customer_name,
        erp_at_point.channel,
        case
            when erp_at_point.customer_code is not null then erp_at_point.province
            else crm_at_point.province
        end as province,
        case
            when erp_at_point.customer_code is not null then erp_at_point.city
            else crm_at_point.city
        end as city
    from change_points
    left join erp_at_point
        on
            change_points.customer_code = erp_at_point.customer_code
            and change_points.changed_at = erp_at_point.changed_at
            and erp_at_point.key_rank = 1
    left join crm_at_point
        on
            change_points.customer_code = crm_at_point.customer_code
            and change_points.changed_at = crm_at_point.changed_at
            and crm_at_point.key_rank = 1
),

compared as (
    select
        *,
        row_number() over customer_timeline = 1
        or record_source is distinct from lag(record_source) over customer_timeline
        or customer_name is distinct from lag(customer_name) over customer_timeline
        or channel is distinct from lag(channel) over customer_timeline
        or province is distinct from lag(province) over customer_timeline
        or city is distinct from lag(city) over customer_timeline
        as is_new_version
    from described
    window customer_timeline as (partition by customer_code order by changed_at)
),

versions as (
    select
        customer_code,
        record_source,
        customer_name,
        channel,
        province,
        city,
        changed_at as valid_from,
        lead(changed_at) over (partition by customer_code order by changed_at) as valid_to
    from compared
    where is_new_version
),

final as (
    select
        customer_code,
        record_source,
        customer_name,
        channel,
        province,
        city,
        valid_from,
        valid_to,
        valid_to is null as is_current
    from versions
    where record_source is not null
)

select * from final
