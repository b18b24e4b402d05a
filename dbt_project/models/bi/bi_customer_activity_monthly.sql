{{ bi_view(ref('customer_activity_monthly')) }}
