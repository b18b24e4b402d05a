{{ bi_view(ref('receivables_aging')) }}
