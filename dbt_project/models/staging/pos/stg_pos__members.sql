with source as (
    select * from {{ source('pos', 'members') }}
),

batches as (
    select * from {{ source('audit', 'file_loads') }}
),

renamed as (
    select
        {{ normalize_code('source.member_id') }} as member_id,
        {{ clean_text('source.member_name') }} as member_name,
        {{ clean_text('source.phone') }} as phone,
        source.birth_date as birth_date,
        source.registered_at as registered_at,
        {{ normalize_code('source.home_store_id') }} as home_store_id,
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
    where source_system = 'pos' and entity = 'members' and status = 'loaded'
    order by file_date desc, file_seq desc, batch_id desc
    limit 1
),

current_state as (
    select renamed.*
    from renamed
    inner join latest_batch on renamed.batch_id = latest_batch.batch_id
)

select * from current_state
