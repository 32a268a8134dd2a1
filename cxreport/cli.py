"""The command line.

- `cxreport metrics FILE...`: every metric the files allow, as a summary or one JSON document;
- `cxreport render FILE... --html OUT | --pdf OUT | --ipynb OUT`: the whole report, for
  scheduled reports, with the same filters;
- `cxreport query FILE... --sql "SELECT ..."`: one read-only SQL statement over the same
  files, filters and views, in the sandbox of `cxreport.sql` (docs/sql.md).

Bad files or arguments print one line on stderr and exit with code 2, never a traceback.
The library's errors speak of data and fields; where a flag is the fix, the CLI names it
(`error_line`). ``--lang id`` prints the summary, and those lines, in Indonesian.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import sys
import threading
from pathlib import Path

from cxreport.allocator import reuse_freed_memory
from cxreport.errors import CXError
from cxreport.fields import Kind
from cxreport.i18n import LANGS
from cxreport.periods import PERIODS


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2 (argparse prints usage too)
        print(f"cxreport: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def _pair(text: str, what: str) -> tuple[str, str]:
    left, sep, right = text.partition("=")
    if not sep or not left or not right:
        raise argparse.ArgumentTypeError(f"{what} must look like NAME=VALUE, not {text!r}")
    return left.strip(), right.strip()


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; use YYYY-MM-DD") from None


def _data_options(m: argparse.ArgumentParser) -> None:
    """The files and filters `metrics` and `render` share."""
    m.add_argument("files", nargs="+", type=Path, metavar="FILE")
    m.add_argument("--kind", action="append", default=[], type=lambda s: _pair(s, "--kind"), metavar="FILE=KIND",
                   help=f"force a file's kind ({', '.join(k.value for k in Kind)})")
    m.add_argument("--map", action="append", default=[], type=lambda s: _pair(s, "--map"), metavar="FIELD=COLUMN",
                   help="map a field to a column (in every file that has the column); FILE:FIELD=COLUMN for one file")
    m.add_argument("--from", dest="date_from", type=_date, metavar="DATE",
                   help="keep rows dated on or after DATE (YYYY-MM-DD; each kind's own date column)")
    m.add_argument("--to", dest="date_to", type=_date, metavar="DATE", help="keep rows dated on or before DATE")
    m.add_argument("--where", action="append", default=[], type=lambda s: _pair(s, "--where"), metavar="COLUMN=VALUE",
                   help="keep rows whose COLUMN equals VALUE (repeat for OR within a column, AND across columns)")
    m.add_argument("--period", default="month", choices=list(PERIODS),
                   help="calendar period of cohorts and trends (default: month)")
    m.add_argument("--number-style", choices=["comma", "point"],
                   help="how money is written in the files: comma = 1.250.000,50 (a dot between thousands, as in "
                        "Indonesian exports), point = 1,250,000.50 (default: decided per column from its values)")


def _load(args: argparse.Namespace):
    from cxreport.loading import load_files

    decimal_comma = None if args.number_style is None else args.number_style == "comma"
    return load_files(args.files, kinds=dict(args.kind), mappings=list(args.map), decimal_comma=decimal_comma)


def _import_quietly(name: str) -> None:
    try:
        importlib.import_module(name)
    except Exception:  # noqa: BLE001 - the import below raises it again, where it is reported
        pass


def _local_report(args: argparse.Namespace) -> dict:
    # The report's modules (scipy's optimisers among them, about a second) are imported in
    # a thread while the files are read: reading is mostly Polars' own threads, which leave
    # the interpreter free.
    importing = threading.Thread(target=_import_quietly, args=("cxreport.report",), daemon=True)
    importing.start()
    workspace = _load(args)
    importing.join()
    from cxreport.report import build_report

    return build_report(workspace, date_from=args.date_from, date_to=args.date_to, where=list(args.where),
                        calibration_end=args.calibration_end, period=args.period, lang=args.lang)


# Options the Spark engine does not take yet, and how each shows when given.
_LOCAL_ONLY = (("kind", "--kind"), ("map", "--map"), ("where", "--where"), ("date_from", "--from"),
               ("date_to", "--to"), ("number_style", "--number-style"), ("calibration_end", "--calibration-end"))


def _spark_report(args: argparse.Namespace) -> dict:
    from cxreport.engine.report import engine_report

    for attr, option in _LOCAL_ONLY:
        if getattr(args, attr):
            raise CXError("engine_option", f"{option} does not work with the Spark engine yet.",
                          "Leave it out, or run without --engine spark.", option=option)
    return engine_report(args.files, engine="spark", spark_master=args.spark_master, period=args.period,
                         lang=args.lang)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="cxreport", description="Customer-experience metrics from raw exports.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    m = sub.add_parser("metrics", help="compute every metric the files allow")
    _data_options(m)
    m.add_argument("--json", action="store_true", help="print one JSON document (keys in docs/cli.md)")
    m.add_argument("--lang", default="en", choices=list(LANGS),
                   help="language of the summary, the errors and the JSON's few texts (story, journey reasons); "
                        "default: en")
    m.add_argument("--engine", default="duckdb", choices=["duckdb", "spark"],
                   help="where the metrics run: duckdb = in this process (default); spark = on Spark, next to "
                        "the data (Parquet/CSV files or partitioned folders; see docs/engines.md)")
    m.add_argument("--spark-master", metavar="URL",
                   help="the Spark cluster to run on, e.g. spark://host:7077 (default: local[2] on this machine)")
    m.add_argument("--calibration-end", type=_date, metavar="DATE",
                   help="also check the CLV model: fit it on orders up to DATE, compare its predictions with what "
                        "customers did after")
    r = sub.add_parser("render", help="the whole report as offline HTML, PDF or a Jupyter notebook")
    _data_options(r)
    r.add_argument("--lang", default="en", choices=list(LANGS), help="language of the report (default: en)")
    out = r.add_mutually_exclusive_group(required=True)
    out.add_argument("--html", type=Path, metavar="OUT.html", help="one self-contained HTML file (opens offline)")
    out.add_argument("--pdf", type=Path, metavar="OUT.pdf", help="a PDF, one section per page (needs chromium)")
    out.add_argument("--ipynb", type=Path, metavar="OUT.ipynb", help="a notebook that recomputes every number")
    r.add_argument("--paper", default="A4", choices=["A4", "Letter"], help="PDF paper size (default: A4)")
    r.add_argument("--notebook", type=Path, metavar="NB.json",
                   help="add a notebook's notes, SQL results, charts and pins (a file the app's Notebook page downloads)")
    q = sub.add_parser("query", help="run one read-only SQL statement over the files' views, in a sandbox")
    _data_options(q)
    q.add_argument("--sql", required=True, metavar="SQL", help="one read-only statement (SELECT, WITH, PIVOT, DESCRIBE ...)")
    shape = q.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true", help="print the result as one JSON document")
    shape.add_argument("--csv", action="store_true", help="print the result as CSV")
    q.add_argument("--timeout", type=_positive, metavar="S", help="seconds the query may run (default: 10, or CXREPORT_SQL_TIMEOUT_S)")
    q.add_argument("--max-rows", type=lambda s: int(_positive(s)), metavar="N",
                   help="rows printed at most (default: 10000, or CXREPORT_SQL_MAX_ROWS)")
    return parser


def _notebook(path: Path | None):
    """The notebook file given with --notebook, read strictly (docs/notebook.md), or None."""
    if path is None:
        return None
    from cxreport import notebook, pins

    if not path.is_file():
        raise CXError("missing_file", f"The file {path} does not exist.",
                      "Check the path and the spelling, or run the command from the folder that holds it.",
                      name=str(path))
    if path.stat().st_size > notebook.MAX_FILE_BYTES:  # said before reading it
        raise notebook.too_large()
    return notebook.parse(path.read_bytes(), pinnable=frozenset(pins.PINNABLE))


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number")
    return value


def _query(args: argparse.Namespace) -> str:
    from cxreport.loading import report_filters
    from cxreport.sql import current_sql_limits, run_sql
    from cxreport.sql.statements import check_statement
    from cxreport.sql.text import as_csv, as_json, as_table

    check_statement(args.sql)  # a refused statement is said before the files are read
    ws = _load(args)
    filters = report_filters(ws, date_from=args.date_from, date_to=args.date_to, where=list(args.where))
    limits = current_sql_limits(timeout_s=args.timeout, max_rows=args.max_rows)
    result = run_sql(ws, args.sql, filters=filters, limits=limits, period=args.period)
    if result.truncated:
        print(f"cxreport: note: the query has more than {limits.max_rows:,} rows; the first {limits.max_rows:,} are "
              "printed (--max-rows or CXREPORT_SQL_MAX_ROWS raises the cap)", file=sys.stderr)
    return as_json(result) if args.json else as_csv(result) if args.csv else as_table(result.frame)


def _render(args: argparse.Namespace) -> str:
    from cxreport.render.document import build_document
    from cxreport.loading import report_filters

    nb = _notebook(args.notebook)
    ws = _load(args)
    filters = report_filters(ws, date_from=args.date_from, date_to=args.date_to, where=list(args.where))
    doc = build_document(ws, filters, period=args.period, lang=args.lang, notebook=nb)
    if args.html:
        from cxreport.render.html import to_html

        args.html.write_text(to_html(doc), encoding="utf-8")
        return str(args.html)
    if args.pdf:
        from cxreport.render.html import to_pdf

        return str(to_pdf(doc, args.pdf, paper=args.paper))
    from cxreport.render.notebook import to_ipynb, write_ipynb

    return str(write_ipynb(to_ipynb(args.files, doc, kinds=dict(args.kind), mappings=list(args.map), notebook=nb),
                           args.ipynb))


def error_line(err: CXError, lang: str = "en") -> str:
    """An error as the CLI prints it: in `lang`, with the flag that fixes it where there is one
    (``cli.hint.<code>``: the library's own hint does not know the CLI's flags)."""
    from cxreport.i18n import placeholders, t
    from cxreport.report import error_text
    from cxreport.translations import TRANSLATIONS

    key = f"cli.hint.{err.code}"
    hint = t(key, lang, **err.params) if key in TRANSLATIONS and placeholders(TRANSLATIONS[key]["en"]) <= set(err.params) \
        else None
    if lang != "en" and (translated := error_text(err, lang)) != str(err):
        if hint is None:
            return translated
        # ``error.<code>`` is "what is wrong. What to do." for the library; the CLI's own
        # "what to do" names the flag, so it replaces the second part.
        what, _, _ = translated.partition(". ")
        return f"{what.rstrip('.')}. {hint}"
    return f"{err.message} {hint}" if hint is not None else str(err)


def _summary(report: dict, lang: str) -> str:
    # Imported here, after the report: before it, the import would hold up reading the files.
    from cxreport.summary import render_summary

    return render_summary(report, lang)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    lang = getattr(args, "lang", "en")
    try:
        if args.command == "render":
            print(_render(args))
            return 0
        if args.command == "query":
            print(_query(args), end="")
            return 0
        reuse_freed_memory()  # the command ends with the report: keep freed arrays for reuse
        report = _spark_report(args) if args.engine == "spark" else _local_report(args)
        # allow_nan=False: NaN is not JSON; build_report already turned it into null.
        text = (json.dumps(report, ensure_ascii=False, allow_nan=False, indent=1) if args.json
                else _summary(report, args.lang))
    except CXError as err:
        print(f"cxreport: error: {error_line(err, lang)}", file=sys.stderr)
        return 2
    except Exception as err:  # noqa: BLE001 — the promise is one line, never a traceback
        # A bug, not bad input: still one line, but a different exit code.
        print(f"cxreport: internal error: {type(err).__name__}: {err}", file=sys.stderr)
        return 1
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
