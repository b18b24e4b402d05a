{{ bi_view(ref('service_monthly')) }}
