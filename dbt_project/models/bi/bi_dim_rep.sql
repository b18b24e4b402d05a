{{ bi_view(ref('dim_rep')) }}
