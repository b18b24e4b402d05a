{{ bi_view(ref('fct_invoice')) }}
