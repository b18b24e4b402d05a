with source as (
    select * from {{ source('erp', 'sales_orders') }}
),

batches as (
    select * from {{ source('audit', 'file_loads') }}
),

renamed as (
    select
        {{ normalize_code('source.order_id') }} as order_id,
        source.line_no as line_no,
        source.order_date as order_date,
        {{ normalize_code('source.customer_code') }} as customer_code,
        {{ normalize_code('source.sku') }} as sku,
        source.qty as qty,
        source.unit_price as unit_price,
        source.discount_amount as discount_amount,
        {{ normalize_code('source.rep_id') }} as rep_id,
        {{ normalize_code('source.warehouse_code') }} as warehouse_code,
        {{ clean_text('source.status') }} as status,
        source.ship_date as ship_date,
        source.updated_at as updated_at,
        source._batch_id as batch_id,
        source._source_file as source_file,
        source._source_line as source_line,
        batches.file_date,
        batches.file_seq
    from source
    inner join batches on source._batch_id = batches.batch_id
),

versions as (
    select
        *,
        row_number() over (
            partition by order_id, line_no
            order by updated_at desc nulls last, file_date desc, file_seq desc, batch_id desc, source_line desc
        ) as version_rank
    from renamed
),

latest_version as (
    select
        order_id,
        line_no,
        order_date,
        customer_code,
        sku,
        qty,
        unit_price,
        discount_amount,
        rep_id,
        warehouse_code,
        status,
        ship_date,
        updated_at,
        batch_id,
        source_file,
        source_line,
        file_date,
        file_seq
    from versions
    where version_rank = 1
)

select * from latest_version
