{{ bi_view(ref('dim_date')) }}
