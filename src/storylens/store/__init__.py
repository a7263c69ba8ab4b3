"""The store: one DuckDB file (or Parquet folders) that every stage and engine shares."""

from storylens.store.duck import Store, default_db_path

__all__ = ["Store", "default_db_path"]
