{{ bi_view(ref('inventory_turnover_monthly')) }}
