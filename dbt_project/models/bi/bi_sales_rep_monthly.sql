{{ bi_view(ref('sales_rep_monthly')) }}
