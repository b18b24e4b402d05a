{{ bi_view(ref('store_monthly')) }}
