"""Serving layer: documents and files built from the warehouse for planners and BI users."""
