"""The only code that touches files: Parquet in `normalized/`, the DuckDB file."""
