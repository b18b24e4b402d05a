"""Landing extracts and SQL sources into raw DuckDB tables, every row loaded or quarantined."""
