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

{#- HR drops leavers from later snapshots, but their orders and targets stay: keep every rep
    ever delivered, as last delivered, and say whether the newest snapshot still lists them. -#}
latest_known as (
    {{ latest_version_per_key('renamed', ['rep_id']) }}
),

newest as (
    {{ newest_snapshot('renamed', 'crm', 'reps') }}
),

flagged as (
    select
        latest_known.*,
        latest_known.rep_id in (select newest.rep_id from newest) as is_in_newest_snapshot
    from latest_known
)

select * from flagged
