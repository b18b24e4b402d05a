{{ bi_view(ref('dim_channel')) }}
