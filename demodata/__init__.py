"""Demo source data: 48 months of a Chinese consumer-goods company's CRM, ERP and POS extracts.

`generate` writes them in the landing layout of shared/EXTRACTS.md, messy the way real
exports are, together with the ground truth (what must be quarantined, flagged, matched and
summed) that tests and reconciliations check the pipeline against.
"""

from demodata.generate import GenerationSummary, generate

__all__ = ["GenerationSummary", "generate"]
