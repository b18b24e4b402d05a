{{ bi_view(ref('dim_product')) }}
