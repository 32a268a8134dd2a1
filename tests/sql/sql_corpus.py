"""The escape corpus: SQL that must not read, write, reach or change anything outside the sandbox.

Each item: (id, SQL with ``{tmp}`` for a private folder, what must happen). ``refused``: the
parser check refuses it before any worker starts (`SqlRefused`); ``failed``: it reaches the
worker and DuckDB itself says no (`SqlFailed`), because external access is off and the
configuration is locked. In both cases nothing may appear under ``{tmp}`` and no line of
/etc/passwd may come back.
"""

from __future__ import annotations

REFUSED = [
    ("copy_to_file", "COPY orders TO '{tmp}/stolen.csv'"),
    ("copy_query_to_parquet", "COPY (SELECT * FROM orders) TO '{tmp}/stolen.parquet' (FORMAT parquet)"),
    ("copy_pivot_to_file", "COPY (PIVOT orders ON channel USING sum(amount)) TO '{tmp}/pivot.csv'"),
    ("attach_file", "ATTACH '{tmp}/other.duckdb' AS other"),
    ("install_httpfs", "INSTALL httpfs"),
    ("load_httpfs", "LOAD httpfs"),
    ("set_external_access", "SET enable_external_access = true"),
    ("set_lock_configuration", "SET lock_configuration = false"),
    ("reset_setting", "RESET enable_external_access"),
    ("set_variable", "SET VARIABLE x = 1"),
    ("pragma", "PRAGMA enable_profiling"),
    ("create_table", "CREATE TABLE stolen AS SELECT * FROM orders"),
    ("create_view", "CREATE VIEW v AS SELECT 1"),
    ("create_macro", "CREATE MACRO m() AS 1"),
    ("create_table_as_pivot", "CREATE TABLE t AS PIVOT orders ON channel USING sum(amount)"),
    ("create_secret", "CREATE SECRET (TYPE s3, KEY_ID 'k', SECRET 's')"),
    ("insert", "INSERT INTO orders (order_id) VALUES ('X')"),
    ("export_database", "EXPORT DATABASE '{tmp}/dump'"),
    ("call_checkpoint", "CALL checkpoint()"),
    ("two_statements", "SELECT 1; SELECT 2"),
    ("comment_hidden_line", "SELECT 1; -- nothing more\n DROP TABLE orders"),
    ("comment_hidden_block", "SELECT 1; /* nothing more */ DROP TABLE orders"),
    ("comment_hidden_copy", "SELECT 1 /* ; */ ; COPY orders TO '{tmp}/stolen.csv'"),
]

FAILED = [
    ("read_csv", "SELECT * FROM read_csv('/etc/passwd')"),
    ("read_csv_auto", "SELECT * FROM read_csv_auto('/etc/passwd')"),
    ("read_text", "SELECT * FROM read_text('/etc/passwd')"),
    ("read_blob", "SELECT * FROM read_blob('/etc/passwd')"),
    ("read_parquet", "SELECT * FROM read_parquet('/etc/passwd')"),
    ("read_json", "SELECT * FROM read_json('/etc/passwd')"),
    ("replacement_scan", "SELECT * FROM '/etc/passwd'"),
    ("replacement_scan_csv", "FROM '/etc/hostname.csv'"),
    ("glob", "SELECT * FROM glob('/etc/*')"),
    ("getenv", "SELECT getenv('HOME')"),
    ("http_path", "SELECT * FROM 'https://example.com/data.csv'"),
    ("s3_path", "SELECT * FROM read_parquet('s3://bucket/data.parquet')"),
    ("query_function_copy", "SELECT * FROM query('COPY orders TO ''{tmp}/stolen.csv''')"),
    ("written_in_a_cte", "WITH x AS (SELECT * FROM read_text('/etc/passwd')) SELECT * FROM x"),
]

# Substrings of DuckDB's own refusal; one of them must be in the message.
FAILED_WORDS = ("disabled by configuration", "does not exist", "Expected a single SELECT statement")
