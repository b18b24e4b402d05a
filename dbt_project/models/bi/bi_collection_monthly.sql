{{ bi_view(ref('collection_monthly')) }}
