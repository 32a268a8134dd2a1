"""The escape corpus through the library: refused or failed with a clear message, no trace on disk.

Also the limits a query cannot get around: the wall clock (a cross join that would run
for minutes ends at the timeout, and the next query works), the row cap (50 million rows
end at the cap at once, in less memory than they would take), the byte cap, and the
worker's own settings (external access off, configuration locked).
"""

from __future__ import annotations

import os
import time

import pytest

from cxreport.sql import SqlFailed, SqlLimits, SqlRefused, SqlTimeout, SqlTooLarge, run_sql
from cxreport.sql import worker
from sql_corpus import FAILED, FAILED_WORDS, REFUSED

MB = 1024 * 1024


def _files(folder) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize(("name", "sql"), REFUSED, ids=[n for n, _ in REFUSED])
def test_refused_before_any_worker_starts(tiny, tmp_path, name, sql):
    with pytest.raises(SqlRefused) as caught:
        run_sql(tiny, sql.format(tmp=tmp_path))
    err = caught.value
    assert err.code in ("sql_not_read_only", "sql_several_statements")
    assert "\n" not in str(err) and ("read-only" in err.message or "one statement" in err.message)
    assert _files(tmp_path) == []


@pytest.mark.parametrize(("name", "sql"), FAILED, ids=[n for n, _ in FAILED])
def test_reading_or_reaching_outside_fails_in_the_worker(tiny, tmp_path, name, sql):
    with pytest.raises(SqlFailed) as caught:
        run_sql(tiny, sql.format(tmp=tmp_path))
    text = str(caught.value)
    assert any(word in text for word in FAILED_WORDS), text
    assert "root:" not in text and "\n" not in text
    assert _files(tmp_path) == []


def test_the_worker_leaves_nothing_in_its_folder(tiny):
    run_sql(tiny, "SELECT count(*) FROM orders")
    server = worker._server()  # noqa: SLF001 — the private folder the warm server listens in
    assert sorted(os.listdir(server.folder)) == ["zygote"]
    assert oct(os.stat(server.folder).st_mode & 0o777) == "0o700"


def test_the_worker_is_locked_down(tiny):
    frame = run_sql(tiny, "SELECT current_setting('enable_external_access') AS external, "
                          "current_setting('lock_configuration') AS locked, "
                          "current_setting('autoload_known_extensions') AS autoload, "
                          "current_setting('autoinstall_known_extensions') AS autoinstall, "
                          "current_setting('threads') AS threads").frame
    assert frame.row(0, named=True) == {"external": False, "locked": True, "autoload": False, "autoinstall": False,
                                        "threads": 2}


def test_the_lock_down_refuses_turning_access_back_on():
    """The worker's own sequence, run here on a connection of ours: after it, SET is refused."""
    import duckdb
    import pyarrow as pa

    con = worker._connect({"threads": 1, "duckdb_memory_mb": 64})  # noqa: SLF001
    con.register("_cx_load", pa.table({"a": [1, 2]}))
    con.execute('CREATE TABLE "t" AS SELECT * FROM _cx_load')
    con.unregister("_cx_load")
    worker._lock_down(con)  # noqa: SLF001
    assert con.execute("SELECT sum(a) FROM t").fetchone() == (3,)
    for setting in ("SET enable_external_access = true", "SET lock_configuration = false", "SET memory_limit = '8GB'"):
        with pytest.raises(duckdb.Error, match="locked"):
            con.execute(setting)


def test_a_query_past_its_timeout_is_killed_and_the_next_one_runs(tiny):
    started = time.monotonic()
    with pytest.raises(SqlTimeout) as caught:
        run_sql(tiny, "SELECT count(*) FROM range(100000000) a CROSS JOIN range(100000000) b",
                limits=SqlLimits(timeout_s=2))
    assert time.monotonic() - started < 12  # 2 s, plus start-up on a loaded machine; never the minutes it needs
    assert caught.value.code == "sql_timeout" and caught.value.params == {"seconds": "2"}
    assert run_sql(tiny, "SELECT count(*) AS n FROM orders").frame["n"].item() == 8


def test_fifty_million_rows_end_at_the_cap_without_being_made(tiny):
    # 50M BIGINTs are 400 MB: with 64 MB of memory the query only succeeds if it stops at the cap
    started = time.monotonic()
    result = run_sql(tiny, "SELECT * FROM range(50000000)", limits=SqlLimits(max_rows=1000, memory_mb=64))
    assert result.truncated and result.frame.height == 1000
    assert result.frame["range"].to_list()[:3] == [0, 1, 2]
    assert time.monotonic() - started < 10


def test_the_default_cap_is_ten_thousand_rows(tiny):
    result = run_sql(tiny, "SELECT * FROM range(50000000)")
    assert result.truncated and result.frame.height == 10_000 == result.limits.max_rows


def test_exactly_the_cap_is_not_truncated(tiny):
    result = run_sql(tiny, "SELECT * FROM range(1000)", limits=SqlLimits(max_rows=1000))
    assert not result.truncated and result.frame.height == 1000


def test_a_result_over_the_byte_cap_is_refused(tiny):
    with pytest.raises(SqlTooLarge) as caught:
        run_sql(tiny, "SELECT repeat('x', 1000000) AS s FROM range(50)", limits=SqlLimits(max_bytes=10 * MB))
    assert caught.value.params == {"megabytes": "10"}


def test_a_query_over_its_memory_says_so(tiny):
    with pytest.raises(SqlFailed) as caught:
        run_sql(tiny, "SELECT list(range) FROM range(100000000)", limits=SqlLimits(memory_mb=32))
    assert caught.value.code == "sql_out_of_memory" and caught.value.params == {"megabytes": "32"}


def test_the_worker_lowers_its_own_ceilings():
    """`_limit_resources` in a process of its own: RLIMIT_AS and RLIMIT_CPU set, and not raisable again."""
    import subprocess
    import sys

    code = ("import resource; from cxreport.sql.worker import _limit_resources\n"
            "_limit_resources({'data_bytes': 0, 'duckdb_memory_mb': 256, 'timeout_s': 2, 'threads': 2})\n"
            "print(resource.getrlimit(resource.RLIMIT_AS)[0], *resource.getrlimit(resource.RLIMIT_CPU))\n"
            "try:\n    resource.setrlimit(resource.RLIMIT_CPU, (10**6, 10**6)); print('raised')\n"
            "except ValueError:\n    print('kept')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    address_space, cpu_soft, cpu_hard, kept = done.stdout.split()
    assert int(address_space) < 64 * 1024**3 and (int(cpu_soft), int(cpu_hard)) == (14, 16) and kept == "kept"


def test_a_dead_worker_server_is_started_again(tiny):
    run_sql(tiny, "SELECT 1")
    server = worker._server()  # noqa: SLF001
    server.process.kill()
    server.process.wait()
    assert run_sql(tiny, "SELECT count(*) FROM orders").frame.item() == 8
    assert worker._server() is not server  # noqa: SLF001


def test_an_interval_result_becomes_a_duration(tiny):
    frame = run_sql(tiny, "SELECT max(order_date) - min(order_date) AS span, INTERVAL 1 MONTH AS month FROM orders").frame
    assert str(frame.schema["span"]) == "Duration(time_unit='us')" and frame["span"].item().days == 86
    assert frame["month"].item() == "1 months 0 days 0 s"
