{{ bi_view(ref('fct_sales_target')) }}
