{{ bi_view(ref('funnel_summary')) }}
