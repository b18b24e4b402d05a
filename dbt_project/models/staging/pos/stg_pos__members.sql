with source as (
    select * from {{ source('pos', 'members') }}
),

renamed as (
    select
        {{ normalize_code('member_id') }} as member_id,
        {{ clean_text('member_name') }} as member_name,
        {{ clean_text('phone') }} as phone,
        birth_date,
        registered_at,
        {{ normalize_code('home_store_id') }} as home_store_id,
        _batch_id as batch_id,
        _source_file as source_file,
        _source_line as source_line
    from source
),

current_state as (
    {{ newest_snapshot('renamed', 'pos', 'members') }}
)

select * from current_state
