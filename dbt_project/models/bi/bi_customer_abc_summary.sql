{{ bi_view(ref('customer_abc_summary')) }}
