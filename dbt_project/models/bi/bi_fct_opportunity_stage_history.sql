{{ bi_view(ref('fct_opportunity_stage_history')) }}
