"""The public API: `cxreport.load`, `cxreport.metrics.<name>`, `cxreport.report`, the Workspace's tables.

Numbers are checked against hand counts on the tiny CLI files (tests/data/cli) and against
DuckDB SQL over the raw files; the JSON against what the CLI prints for the same files.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import polars as pl
import pytest

import cxreport
import cxreport.api
import cxreport.metrics
from cxreport.cli import main
from cxreport.errors import CXError, EmptyResult, FileProblem, MappingProblem
from cxreport.fields import Kind
from cxreport.report import build_report, render_summary

ROOT = Path(__file__).resolve().parents[1]
CLI_DATA = ROOT / "tests" / "data" / "cli"
ORDERS = CLI_DATA / "orders_tiny.csv"
SURVEYS = CLI_DATA / "nps_tiny.csv"
TICKETS = CLI_DATA / "tickets_tiny.csv"
ODD = CLI_DATA / "payments_odd.csv"


@pytest.fixture
def exports(tmp_path: Path) -> Path:
    """A folder of exports as a user has it: two CSVs and a note that is not an export."""
    folder = tmp_path / "exports"
    folder.mkdir()
    shutil.copy(ORDERS, folder / "orders_tiny.csv")
    shutil.copy(SURVEYS, folder / "nps_tiny.csv")
    (folder / "README.txt.md").write_text("notes, not data\n")
    return folder


def sql(query: str) -> list[tuple]:
    return duckdb.connect(":memory:").sql(query).fetchall()


def cli_json(*args: str) -> str:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main(["metrics", *args, "--json"]) == 0
    return buffer.getvalue()


# --- the five lines of the issue --------------------------------------------------------------


def test_the_five_line_example_runs_and_gives_the_hand_computed_numbers(exports, monkeypatch):
    monkeypatch.chdir(exports.parent)
    ws = cxreport.load("exports/*.csv")
    nps = cxreport.metrics.nps(ws.surveys)
    report = cxreport.report(ws, period="month")
    document = json.loads(report.to_json())

    # 10 answers: 5 promoters (10 9 9 10 9), 2 passives (8 7), 3 detractors (6 3 0) -> 100·(5 − 3)/10
    assert nps.select("n", "promoters", "passives", "detractors", "nps").row(0) == (10, 5, 2, 3, 20.0)
    assert document["surveys"]["nps"]["score"] == 20.0
    assert document["filters"]["period"] == "month"
    assert [d["file"] for d in document["datasets"]] == ["nps_tiny.csv", "orders_tiny.csv"]  # sorted glob
    # Cohorts Jan {A, B}, Feb {C}: A and C buy in the month after their first, B does not -> 2 of 3.
    assert document["orders"]["retention_at"]["month_1"]["rate"] == pytest.approx(2 / 3)


def test_to_json_is_what_the_cli_prints_and_summary_is_its_summary():
    ws = cxreport.load(ORDERS, SURVEYS)
    report = cxreport.report(ws)
    assert report.to_json() + "\n" == cli_json(str(ORDERS), str(SURVEYS))
    assert report.summary() == render_summary(build_report(ws))
    assert "NPS +20 ±54.0 (n = 10: 5 promoters, 2 passives, 3 detractors)" in report.summary()


def test_report_filters_take_dates_as_text_and_where_as_a_mapping():
    ws = cxreport.load(ORDERS, SURVEYS)
    # Feb on: answers 7 6 3 0 -> 100·(0 − 3)/4
    february = cxreport.report(ws, date_from="2025-02-01")
    assert (february["surveys"]["nps"]["n"], february["surveys"]["nps"]["score"]) == (4, -75.0)
    assert february.data["filters"]["from"] == "2025-02-01"
    # Email and Business: R01, R02 only; a list of values is OR within the column
    both = cxreport.report(ws, where={"channel": "Email", "segment": ["Business"]})
    assert both["surveys"]["nps"]["n"] == 2
    either = cxreport.report(ws, where={"channel": ["Email", "Social Ads"]})
    assert either["surveys"]["nps"]["n"] == 10
    assert "orders" in either and "ux" not in either
    with pytest.raises(CXError) as caught:
        cxreport.report(ws, date_to="yesterday")
    assert caught.value.code == "bad_date"


# --- load ---------------------------------------------------------------------------------------


def test_load_takes_files_folders_globs_and_paths_and_reads_each_file_once(exports):
    by_folder = cxreport.load(exports)
    by_glob = cxreport.load(str(exports / "*.csv"), exports / "nps_tiny.csv")  # named twice
    by_recursive_glob = cxreport.load(str(exports.parent / "**" / "orders_*.csv"))
    assert sorted(by_folder.datasets) == sorted(by_glob.datasets) == ["nps_tiny.csv", "orders_tiny.csv"]
    assert list(by_recursive_glob.datasets) == ["orders_tiny.csv"]
    assert by_folder.kinds() == [Kind.ORDERS, Kind.SURVEYS]
    (raw_rows,) = sql(f"SELECT count(*) FROM read_csv('{ORDERS}')")
    assert by_glob.orders.height == raw_rows[0] == 8


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("nowhere/*.csv",), "no_files_match"),
        (("tests/data/cli/*.parquet",), "no_files_match"),
        (("missing.csv",), "missing_file"),
        ((), "no_files"),
    ],
)
def test_load_says_what_matched_nothing(args, code, monkeypatch):
    monkeypatch.chdir(ROOT)
    with pytest.raises(FileProblem) as caught:
        cxreport.load(*args)
    assert caught.value.code == code
    if code == "no_files_match":
        assert caught.value.params == {"pattern": args[0]}


def test_a_folder_without_exports_is_a_file_problem(tmp_path):
    (tmp_path / "notes.md").write_text("# nothing to read\n")
    with pytest.raises(FileProblem) as caught:
        cxreport.load(tmp_path)
    assert caught.value.code == "no_files_match"


def test_kinds_and_mapping_correct_recognition():
    assert cxreport.load(ODD).kinds() == []  # "who, when, paid" is not recognised
    ws = cxreport.load(ODD, kinds={"payments_odd.csv": "orders"},
                       mapping={"customer_id": "who", "order_date": "when", "payments_odd.csv:amount": "paid"})
    assert ws.datasets["payments_odd.csv"].mapping == {"customer_id": "who", "order_date": "when", "amount": "paid"}
    (total,) = sql(f"SELECT sum(paid) FROM read_csv('{ODD}')")
    assert ws.orders["amount"].sum() == pytest.approx(total[0]) == 285.0
    pairs = cxreport.load(ODD, kinds={"payments_odd.csv": "orders"},
                          mapping=[("customer_id", "who"), ("order_date", "when"), ("amount", "paid")])
    assert pairs.orders.equals(ws.orders)


# --- the workspace's tables ---------------------------------------------------------------------


def test_each_kind_is_a_property_and_a_missing_kind_says_what_to_load():
    ws = cxreport.load(ORDERS, SURVEYS, TICKETS)
    assert ws.surveys.height == 10 and ws.tickets.height == 4
    assert ws.orders.equals(ws.table(Kind.ORDERS))
    for kind in ("subscriptions", "ux"):
        with pytest.raises(EmptyResult) as caught:
            getattr(ws, kind)
        assert (caught.value.code, caught.value.params) == ("no_table", {"kind": kind})
        assert "loaded: orders, surveys, tickets" in str(caught.value)


def test_a_file_missing_required_fields_is_named_with_the_fields():
    ws = cxreport.load(ODD, kinds={"payments_odd.csv": "orders"})  # kind forced, columns not recognised
    with pytest.raises(MappingProblem) as caught:
        ws.orders
    assert caught.value.code == "table_not_ready"
    assert caught.value.params["name"] == "payments_odd.csv"
    assert set(caught.value.params["fields"].split(", ")) >= {"customer_id", "order_date"}


def test_repr_lists_every_file_with_its_kind_and_rows():
    ws = cxreport.load(ORDERS, SURVEYS, ODD)
    assert repr(ws).splitlines() == [
        "Workspace of 3 files",
        "  orders   orders_tiny.csv   8 rows",
        "  surveys  nps_tiny.csv      10 rows",
        "  other    payments_odd.csv  8 rows (not recognised)",
    ]
    assert repr(cxreport.Workspace()) == "Workspace of 0 files"


def test_connection_is_the_loaded_data_as_sql_views(tmp_path):
    # Two files whose names clean up the same, one of them named like its kind's view.
    shutil.copy(ORDERS, tmp_path / "orders.csv")
    (tmp_path / "orders.tsv").write_text("order_id\tcustomer_id\torder_date\tamount\nO9\tZ\t2025-05-01\t7.5\n")
    ws = cxreport.load(tmp_path / "orders.csv", tmp_path / "orders.tsv", SURVEYS)
    assert ws.file_views() == ["file_orders", "file_orders_2", "file_nps_tiny"]
    con = ws.connection()
    views = {row[0] for row in con.sql("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert views >= {"orders", "surveys", "file_orders", "file_orders_2", "file_nps_tiny"}
    (raw,) = sql(f"SELECT count(*), sum(amount) FROM read_csv('{ORDERS}')")
    assert con.sql("SELECT count(*), sum(amount) FROM file_orders").fetchall() == [raw]
    assert con.sql("SELECT count(*), sum(amount) FROM orders").fetchall() == [(raw[0] + 1, raw[1] + 7.5)]
    by_file = con.sql("SELECT source_file, count(*) FROM orders GROUP BY source_file ORDER BY 1").fetchall()
    assert by_file == [("orders.csv", 8), ("orders.tsv", 1)]
    # NPS in SQL over the view equals the library's: promoters and detractors by hand from the raw file
    (mine,) = con.sql("SELECT 100 * (avg((nps_score >= 9)::INT) - avg((nps_score <= 6)::INT)) FROM surveys").fetchall()
    assert mine[0] == pytest.approx(cxreport.metrics.nps(ws.surveys)["nps"].item()) == pytest.approx(20.0)
    # fresh on every call: a table made on one connection is not on the next
    con.sql("CREATE TABLE scratch AS SELECT 1")
    assert "scratch" not in {r[0] for r in ws.connection().sql("SHOW TABLES").fetchall()}


# --- names and imports --------------------------------------------------------------------------


def test_every_public_name_resolves():
    for name in cxreport.__all__:
        assert getattr(cxreport, name) is not None, name
    assert set(cxreport.__all__) <= set(dir(cxreport))
    for name, module in cxreport.metrics.SOURCES.items():
        function = getattr(cxreport.metrics, name)
        assert callable(function) and function.__module__ == f"cxreport.metrics.{module}", name
    for name in cxreport.metrics.COLUMN_MAPPINGS:
        assert getattr(cxreport.metrics, name)().__class__.__name__ == name
    with pytest.raises(AttributeError):
        cxreport.metrics.no_such_metric  # noqa: B018
    with pytest.raises(AttributeError):
        cxreport.no_such_name  # noqa: B018


def test_metrics_on_a_polars_frame_equal_the_loaded_files_numbers():
    ws = cxreport.load(SURVEYS)
    own = pl.read_csv(SURVEYS)  # the raw file with its own column names, integers as read
    assert cxreport.metrics.nps(own)["nps"].item() == cxreport.metrics.nps(ws.surveys)["nps"].item() == 20.0
    # CSAT: 4–5 answers among 5 4 4 5 3 2 4 1 5 2 -> 6 of 10
    assert cxreport.metrics.csat(own)["csat"].item() == cxreport.metrics.csat(ws.surveys)["csat"].item() == 0.6


def _fresh(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=180)


@pytest.mark.parametrize(
    "first",
    [
        "",  # nothing imported the module cxreport.report before the call
        "from cxreport.report import build_report\n",  # the CLI's way
        "import cxreport.report\nassert cxreport.report.build_report\n",
        "import cxreport.report as module\nassert module.load_files\n",
        "from cxreport import report as module\nassert module.render_summary\n",
    ],
)
def test_cxreport_report_is_both_the_call_and_the_module_whatever_was_imported_first(first):
    done = _fresh(first + "import cxreport\n"
                  "r = cxreport.report(cxreport.load('tests/data/cli/nps_tiny.csv'))\n"
                  "print(type(r).__name__, r['surveys']['nps']['score'])\n")
    assert (done.returncode, done.stdout.strip()) == (0, "Report 20.0"), done.stderr


def test_import_cxreport_loads_no_heavy_library():
    # The speed itself is measured in benchmarks/bench_import.py; here: what it pulls in.
    done = _fresh("import sys, cxreport\n"
                  "print(sorted(m for m in ('polars', 'duckdb', 'scipy', 'altair', 'numpy', 'streamlit')"
                  " if m in sys.modules))")
    assert (done.returncode, done.stdout.strip()) == (0, "[]"), done.stderr


def test_the_library_api_never_imports_streamlit():
    done = _fresh("import sys, cxreport\n"
                  "cxreport.report(cxreport.load('tests/data/cli/orders_tiny.csv'))\n"
                  "import cxreport.charts, cxreport.metrics.clv\n"
                  "print('streamlit' in sys.modules)")
    assert (done.returncode, done.stdout.strip()) == (0, "False"), done.stderr


def test_report_module_keeps_its_functions_and_signature():
    import inspect

    import cxreport.report as module

    assert module is sys.modules["cxreport.report"] and module.build_report is build_report
    assert list(inspect.signature(cxreport.report).parameters)[:2] == ["ws", "period"]
    assert isinstance(cxreport.report(cxreport.load(SURVEYS)), cxreport.api.Report)
