{{ bi_view(ref('target_attainment_monthly')) }}
