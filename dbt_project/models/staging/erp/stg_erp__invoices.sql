with source as (
    select * from {{ source('erp', 'invoices') }}
),

batches as (
    select * from {{ source('audit', 'file_loads') }}
),

renamed as (
    select
        {{ normalize_code('source.invoice_id') }} as invoice_id,
        {{ normalize_code('source.order_id') }} as order_id,
        {{ normalize_code('source.customer_code') }} as customer_code,
        source.invoice_date as invoice_date,
        source.amount as amount,
        source.due_date as due_date,
        source.paid_amount as paid_amount,
        source.paid_date as paid_date,
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
            partition by invoice_id
            order by file_date desc, file_seq desc, batch_id desc, source_line desc
        ) as version_rank
    from renamed
),

latest_version as (
    select
        invoice_id,
        order_id,
        customer_code,
        invoice_date,
        amount,
        due_date,
        paid_amount,
        paid_date,
        batch_id,
        source_file,
        source_line,
        file_date,
        file_seq
    from versions
    where version_rank = 1
)

select * from latest_version
