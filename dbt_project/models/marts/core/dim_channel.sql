with channel_map as (
    select * from {{ ref('channel_map') }}
),

channels as (
    select distinct
        channel_code,
        channel_name_zh,
        channel_name_en
    from channel_map
),

final as (
    select * from channels
    union all
    select '{{ var("unknown_code") }}', '未知渠道', 'Unknown channel'
)

select * from final
