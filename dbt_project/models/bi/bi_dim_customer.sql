{{ bi_view(ref('dim_customer')) }}
