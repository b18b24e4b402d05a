"""Dagster code location for the sales-operations warehouse: wires the libraries into assets."""
