{{ bi_view(ref('dim_store')) }}
