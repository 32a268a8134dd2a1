"""The process user SQL runs in, and the parent's side of talking to it.

User SQL never runs in the server process. Each query gets a fresh worker, forked from a
small warm server (`zygote`) that has already imported DuckDB and pyarrow: a fresh
interpreter importing them costs about a second, a fork from the warm one a few tens of
milliseconds (benchmarks/bench_sql.py). The server process itself is never forked: its
live threads (Streamlit's, DuckDB's) would be copied half-way through whatever they hold.
Why not `multiprocessing`'s own forkserver: every child it makes first re-imports the
caller's main module, so a plain script (or a notebook kernel) that calls `run_sql` at
its top level would run itself again in each worker; the zygote runs nothing of the caller.

The worker, in order:

1. lowers its own ceilings with `resource.setrlimit`: address space (RLIMIT_AS) and CPU
   seconds (RLIMIT_CPU), a backstop behind the parent's wall-clock kill;
2. opens an in-memory DuckDB with extension autoinstall and autoload off, no temp
   directory (nothing spills to disk), a memory limit and a thread cap;
3. reads the tables from the pipe (Arrow IPC bytes) and materialises each as a table;
4. locks down: ``enable_external_access=false`` (no file, no URL, no replacement scan of a
   path), then ``lock_configuration=true`` (no setting can change back);
5. runs the one checked statement, wrapped to fetch at most max_rows + 1 rows, reads the
   result in batches while counting bytes, and sends it back as Arrow IPC.

Between the two processes travel bytes only (`Connection.send_bytes`): JSON headers and
Arrow IPC streams. The parent never unpickles anything the worker sends, so even a worker
taken over by its query could only send wrong numbers, not code.

The parent's thread waits on the pipe with a deadline (`Connection.poll`), holding no lock
another session needs; when the deadline passes it kills the worker (SIGKILL) and reaps it.
"""

from __future__ import annotations

import atexit
import json
import math
import os
import sys
import threading
import time
from dataclasses import dataclass
from typing import Any

MB = 1024 * 1024
HEADER_MAX = 1 * MB  # a JSON header from the worker is small; anything longer is refused
ERROR_CHARS = 2000  # DuckDB can echo a long query in its message
BATCH_ROWS = 2048

# --- the worker (child) ---------------------------------------------------------------------------


def _vm_bytes() -> int:
    """This process's address space now (the RLIMIT_AS ceiling is set above it)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _limit_resources(settings: dict) -> None:
    import resource

    data_mb = settings["data_bytes"] / MB
    # A backstop behind DuckDB's own memory_limit, so generous: address space is not memory
    # (allocators and thread stacks reserve far more than they touch)
    address_space = _vm_bytes() + int(max(2048, 4 * settings["duckdb_memory_mb"] + 3 * data_mb) * MB)
    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    # CPU seconds of all threads: the query's wall clock times its threads, plus loading
    cpu = math.ceil(settings["timeout_s"] * settings["threads"] + 10 + data_mb / 20)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 2))


def _send(conn: Any, **header: Any) -> None:
    conn.send_bytes(json.dumps(header).encode())


def _connect(settings: dict):
    import duckdb

    return duckdb.connect(":memory:", config={
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
        "temp_directory": "",  # no spilling: the sandbox leaves nothing on disk
        "threads": settings["threads"],
        "memory_limit": f"{settings['duckdb_memory_mb']:.0f}MB",
    })


def _load(con: Any, conn: Any, names: list[str]) -> None:
    import pyarrow.ipc as ipc

    for name in names:
        table = ipc.open_stream(conn.recv_bytes()).read_all()
        con.register("_cx_load", table)
        con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM _cx_load')  # our identifiers, never user text
        con.unregister("_cx_load")
        del table


def _lock_down(con: Any) -> None:
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")


def _fetch(con: Any, sql: str, max_rows: int, max_bytes: int) -> tuple[bytes | None, bool, int]:
    """The result as Arrow IPC bytes (None when over `max_bytes`), whether rows were left, rows kept."""
    import warnings

    import duckdb
    import pyarrow as pa
    import pyarrow.ipc as ipc

    statements = duckdb.extract_statements(sql)  # the parent checked; checked again where it runs
    if len(statements) != 1 or statements[0].type not in (duckdb.StatementType.SELECT, duckdb.StatementType.MULTI):
        raise RuntimeError("refused in the worker: not one query")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Arrow output on a DB-API result makes an extra copy": a batch at a time
        reader = con.execute(sql).to_arrow_reader(BATCH_ROWS)
    sink = pa.BufferOutputStream()
    rows, truncated, size = 0, False, 0
    with ipc.new_stream(sink, reader.schema) as writer:
        for batch in reader:
            if rows + batch.num_rows > max_rows:
                batch = batch.slice(0, max_rows - rows)
                truncated = True
            size += batch.nbytes
            if size > max_bytes:
                return None, truncated, rows
            writer.write_batch(batch)
            rows += batch.num_rows
            if truncated:
                break
    data = sink.getvalue()
    if data.size > max_bytes:
        return None, truncated, rows
    return data.to_pybytes(), truncated, rows


def serve(conn: Any, settings: dict) -> None:
    """The worker's whole life: limits, load, lock down, one query, one answer."""
    try:
        _limit_resources(settings)
        con = _connect(settings)
        names = json.loads(conn.recv_bytes(HEADER_MAX))["tables"]
        _load(con, conn, names)
        _lock_down(con)
    except Exception as err:  # noqa: BLE001 — the data did not fit: not the user's SQL, so no DuckDB text
        memory = isinstance(err, MemoryError) or "MemoryError" in str(err) or "Out of Memory" in str(err)
        _send(conn, status="memory" if memory else "died", message=str(err)[:ERROR_CHARS])
        conn.close()
        return
    try:
        _send(conn, status="ready")
        data, truncated, rows = _fetch(con, settings["sql"], settings["max_rows"], settings["max_bytes"])
        if data is None:
            _send(conn, status="too_large", rows=rows)
            return
        _send(conn, status="ok", truncated=truncated, rows=rows, size=len(data), cpu_s=time.process_time())
        conn.send_bytes(data)
    except MemoryError:
        _send(conn, status="memory", message="out of memory")
    except Exception as err:  # noqa: BLE001 — every failure goes back to the parent as one message
        kind = "memory" if type(err).__name__ == "OutOfMemoryException" else "failed"
        _send(conn, status=kind, message=str(err)[:ERROR_CHARS])
    finally:
        conn.close()


# --- the warm server every worker is forked from -------------------------------------------------


def zygote(path: str) -> None:
    """A process that has imported DuckDB and pyarrow and forks one worker per connection.

    Started by the parent as a fresh interpreter (``python -c``), never forked from it. It
    listens on a Unix socket in a private (0700) folder, and exits when the parent does
    (its stdin, a pipe from the parent, reaches end of file).
    """
    import select
    import signal
    import socket
    from multiprocessing.connection import Connection

    import duckdb  # noqa: F401 — the point of this process: imported once, shared by every fork
    import pyarrow  # noqa: F401
    import pyarrow.ipc  # noqa: F401

    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps finished workers
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(64)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # nobody reads the pipe after this: a full one would block a worker
    while True:
        readable, _, _ = select.select([listener, sys.stdin], [], [])
        if sys.stdin in readable:  # the parent closed its end: it is gone or done
            return
        sock, _ = listener.accept()
        if os.fork() == 0:
            try:
                listener.close()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                conn = Connection(sock.detach())
                _send(conn, pid=os.getpid())
                serve(conn, json.loads(conn.recv_bytes(HEADER_MAX)))
            finally:
                os._exit(0)  # never the zygote's atexit handlers, never back into its loop
        sock.close()


class _Zygote:
    def __init__(self) -> None:
        import subprocess
        import tempfile

        self.folder = tempfile.mkdtemp(prefix="cxreport-sql-")  # mode 0700: only this user
        self.path = os.path.join(self.folder, "zygote")
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([root, *filter(None, [os.environ.get("PYTHONPATH")])]),
               "ARROW_DEFAULT_MEMORY_POOL": "system", "MALLOC_ARENA_MAX": "2"}
        self.process = subprocess.Popen(
            [sys.executable, "-c", "import sys; from cxreport.sql.worker import zygote; zygote(sys.argv[1])", self.path],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, close_fds=True, cwd=self.folder)
        line = self.process.stdout.readline()  # type: ignore[union-attr]
        if line.strip() != b"ready":
            self.close()
            raise RuntimeError("the SQL worker server did not start")

    def alive(self) -> bool:
        return self.process.poll() is None

    def connect(self) -> tuple[Any, int, Any]:
        """A new worker: its connection, pid and a handle to kill it with."""
        import socket
        from multiprocessing.connection import Connection

        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.connect(self.path)
        conn = Connection(sock.detach())
        if not conn.poll(30):
            conn.close()
            raise RuntimeError("the SQL worker server did not fork a worker")
        pid = int(json.loads(conn.recv_bytes(HEADER_MAX))["pid"])
        try:  # a pidfd names this process and no later one that reuses its pid
            handle = os.pidfd_open(pid)
        except (AttributeError, OSError):
            handle = None
        return conn, pid, handle

    def close(self) -> None:
        import shutil

        if self.alive():
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()
        shutil.rmtree(self.folder, ignore_errors=True)


_ZYGOTE: _Zygote | None = None
_ZYGOTE_LOCK = threading.Lock()


def _server() -> _Zygote:
    global _ZYGOTE
    with _ZYGOTE_LOCK:
        if _ZYGOTE is None or not _ZYGOTE.alive():
            if _ZYGOTE is not None:
                _ZYGOTE.close()
            _ZYGOTE = _Zygote()
            atexit.register(_ZYGOTE.close)
        return _ZYGOTE


def start_server() -> None:
    """Start the warm worker server now (the app may call this at start-up, so the first query is quick)."""
    _server()


def _kill(pid: int, handle: Any) -> None:
    import signal

    try:
        if handle is not None:
            signal.pidfd_send_signal(handle, signal.SIGKILL)
        else:
            os.kill(pid, signal.SIGKILL)
    except (ProcessLookupError, OSError):
        pass  # already gone


@dataclass(frozen=True)
class Outcome:
    """What came back from a worker: a status, and with ``ok`` the Arrow IPC bytes."""

    status: str  # ok | too_large | failed | memory | timeout | died
    data: bytes | None = None
    truncated: bool = False
    rows: int = 0
    message: str = ""
    seconds: float = 0.0  # the query's own wall time, from "ready" to the answer
    cpu_s: float = 0.0  # CPU seconds the worker used in all (a figure for benchmarks/bench_sql.py)


def run_in_worker(tables: list[tuple[str, Any]], sql: str, *, timeout_s: float, max_rows: int, max_bytes: int,
                  memory_mb: float, threads: int) -> Outcome:
    """Run the checked, wrapped `sql` over `tables` ((name, Arrow IPC bytes)) in a fresh worker."""
    data_bytes = sum(len(memoryview(data)) for _, data in tables)
    settings = {"sql": sql, "max_rows": max_rows, "max_bytes": max_bytes, "timeout_s": timeout_s, "threads": threads,
                "data_bytes": data_bytes, "duckdb_memory_mb": memory_mb + 2 * data_bytes / MB}
    conn, pid, handle = _server().connect()
    finished = False
    try:
        try:
            conn.send_bytes(json.dumps(settings).encode())
            conn.send_bytes(json.dumps({"tables": [name for name, _ in tables]}).encode())
            for _, data in tables:
                conn.send_bytes(data)
            # loading is ours, not the user's: a generous bound; the query's own comes after
            ready = _receive(conn, 60 + data_bytes / (20 * MB) + timeout_s)
        except (BrokenPipeError, ConnectionResetError, EOFError):
            return Outcome("died")
        if ready is None:
            return Outcome("timeout")
        if ready.get("status") != "ready":
            finished = True
            return Outcome(ready.get("status", "failed"), message=ready.get("message", ""))
        started = time.monotonic()
        try:
            header = _receive(conn, timeout_s)
            if header is None:
                return Outcome("timeout", seconds=time.monotonic() - started)
            status = header.get("status", "failed")
            if status != "ok":
                finished = True
                return Outcome(status, rows=header.get("rows", 0), message=header.get("message", ""),
                               seconds=time.monotonic() - started)
            if not conn.poll(max(0.1, timeout_s - (time.monotonic() - started))):
                return Outcome("timeout", seconds=time.monotonic() - started)
            data = conn.recv_bytes(max_bytes + MB)
            finished = True
        except (EOFError, ConnectionResetError):
            return Outcome("died")
        except OSError:  # recv_bytes: longer than maxlength
            return Outcome("too_large")
        return Outcome("ok", data=data, truncated=bool(header.get("truncated")), rows=int(header.get("rows", 0)),
                       seconds=time.monotonic() - started, cpu_s=float(header.get("cpu_s", 0.0)))
    finally:
        if not finished:
            _kill(pid, handle)
        conn.close()
        if handle is not None:
            os.close(handle)


def _receive(conn: Any, timeout: float) -> dict | None:
    """The next JSON header, or None when `timeout` seconds pass first (EOFError when the worker died)."""
    if not conn.poll(timeout):
        return None
    return json.loads(conn.recv_bytes(HEADER_MAX))
