{{ bi_view(ref('sales_monthly')) }}
