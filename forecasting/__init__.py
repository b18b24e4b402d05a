"""Demand forecasting for the monthly S&OP cycle, as a plain library (no Dagster import)."""
