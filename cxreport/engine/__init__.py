"""The same metrics where the rows live: DuckDB in this process, or Apache Spark.

See docs/engines.md.
"""
