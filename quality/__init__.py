"""Data-quality rules and governance for the warehouse, as a plain library (no Dagster import)."""
