{{ bi_view(ref('customer_xref')) }}
