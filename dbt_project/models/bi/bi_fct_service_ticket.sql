{{ bi_view(ref('fct_service_ticket')) }}
