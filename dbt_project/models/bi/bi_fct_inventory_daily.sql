{{ bi_view(ref('fct_inventory_daily')) }}
