{{ bi_view(ref('dim_region')) }}
