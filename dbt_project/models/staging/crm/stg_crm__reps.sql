with source as (
    select * from {{ source('crm', 'reps') }}
),

renamed as (
    select
        {{ normalize_code('rep_id') }} as rep_id,
        {{ clean_text('rep_name') }} as rep_name,
        {{ clean_text('team') }} as team,
        {{ clean_text('region') }} as region,
        {{ normalize_code('manager_rep_id') }} as manager_rep_id,
        hire_date,
        termination_date,
        _batch_id as batch_id,
        _source_file as source_file,
        _source_line as source_line
    from source
),

{#- HR drops leavers from later snapshots, but their orders and targets stay. -#}
every_delivered as (
    {{ every_delivered_key('renamed', 'crm', 'reps', 'rep_id') }}
)

select * from every_delivered
