with source as (
    select * from {{ source('erp', 'sales_targets') }}
),

renamed as (
    select
        {{ clean_text('month') }} as month,
        {{ clean_text('region') }} as region,
        {{ clean_text('category_l1') }} as category_l1,
        {{ normalize_code('rep_id') }} as rep_id,
        target_amount,
        _batch_id as batch_id,
        _source_file as source_file,
        _source_line as source_line
    from source
),

current_state as (
    {{ newest_snapshot('renamed', 'erp', 'sales_targets') }}
)

select * from current_state
