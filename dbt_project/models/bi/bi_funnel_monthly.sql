{{ bi_view(ref('funnel_monthly')) }}
