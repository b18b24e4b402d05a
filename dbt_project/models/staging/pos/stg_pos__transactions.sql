with source as (
    select * from {{ source('pos', 'transactions') }}
),

batches as (
    select * from {{ source('audit', 'file_loads') }}
),

renamed as (
    select
        {{ normalize_code('source.receipt_id') }} as receipt_id,
        source.line_no as line_no,
        {{ normalize_code('source.store_id') }} as store_id,
        source.sold_at as sold_at,
        {{ normalize_code('source.barcode') }} as barcode,
        source.qty as qty,
        source.unit_price as unit_price,
        source.discount_amount as discount_amount,
        {{ normalize_code('source.member_id') }} as member_id,
        {{ clean_text('source.payment_method') }} as payment_method,
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
            partition by receipt_id, line_no
            order by file_date desc, file_seq desc, batch_id desc, source_line desc
        ) as version_rank
    from renamed
),

latest_version as (
    select
        receipt_id,
        line_no,
        store_id,
        sold_at,
        barcode,
        qty,
        unit_price,
        discount_amount,
        member_id,
        payment_method,
        batch_id,
        source_file,
        source_line,
        file_date,
        file_seq
    from versions
    where version_rank = 1
)

select * from latest_version
