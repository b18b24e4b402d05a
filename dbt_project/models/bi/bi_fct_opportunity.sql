{{ bi_view(ref('fct_opportunity')) }}
