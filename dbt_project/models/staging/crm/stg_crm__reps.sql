with source as (
    select * from {{ source('crm', 'reps') }}
),

batches as (
    select * from {{ source('audit', 'file_loads') }}
),

renamed as (
    select
        {{ normalize_code('source.rep_id') }} as rep_id,
        {{ clean_text('source.rep_name') }} as rep_name,
        {{ clean_text('source.team') }} as team,
        {{ clean_text('source.region') }} as region,
        {{ normalize_code('source.manager_rep_id') }} as manager_rep_id,
        source.hire_date as hire_date,
        source.termination_date as termination_date,
        source._batch_id as batch_id,
        source._source_file as source_file,
        source._source_line as source_line,
        batches.file_date,
        batches.file_seq
    from source
    inner join batches on source._batch_id = batches.batch_id
),

latest_batch as (
    select batch_id
    from batches
    where source_system = 'crm' and entity = 'reps' and status = 'loaded'
    order by file_date desc, file_seq desc, batch_id desc
    limit 1
),

current_state as (
    select renamed.*
    from renamed
    inner join latest_batch on renamed.batch_id = latest_batch.batch_id
)

select * from current_state
