"""Standard codes: one golden customer code per real business customer, stable across runs."""
