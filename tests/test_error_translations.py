"""Every error code the library raises has a translation whose placeholders every raise site fills.

The raise sites are found with `ast`: calls to CXError and its subclasses whose first argument
is the code. A code built as an f-string from a parameter of the enclosing function (``f"{table}_missing_columns"``)
is resolved through the calls of that function that pass a string constant for the parameter (or
pass on a parameter of their own, resolved the same way through their callers). A
raise site that forwards params with ``**`` (re-raising another error's params under the same
code) adds no constraint of its own, as long as the code also has an explicit raise site.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest

from cxreport.i18n import LANGS, placeholders, t
from cxreport.translations import TRANSLATIONS

PACKAGE = Path(__file__).resolve().parents[1] / "cxreport"
ERROR_CLASSES = frozenset({"CXError", "FileProblem", "MappingProblem", "EmptyResult"})


@dataclass(frozen=True)
class Site:
    where: str
    params: frozenset[str]
    forwards: bool  # passes **something: its params are another raise site's


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _parse(sources: dict[str, str]) -> dict[str, ast.Module]:
    return {where: ast.parse(text, filename=where) for where, text in sources.items()}


def _argument(call: ast.Call, func: ast.FunctionDef, param: str) -> ast.expr | None:
    """What a call passes for `param` of `func` (positionally or by keyword)."""
    arg: ast.expr | None = next((kw.value for kw in call.keywords if kw.arg == param), None)
    positional = [a.arg for a in [*func.args.posonlyargs, *func.args.args]]
    if arg is None and param in positional and positional.index(param) < len(call.args):
        arg = call.args[positional.index(param)]
    return arg


def _calls_with_their_function(trees: dict[str, ast.Module], name: str):
    """(call, the function it stands in, or None at module level) for every call of `name`."""
    def visit(node: ast.AST, func: ast.FunctionDef | None):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            func = node  # type: ignore[assignment]
        if isinstance(node, ast.Call) and _name(node.func) == name:
            yield node, func
        for child in ast.iter_child_nodes(node):
            yield from visit(child, func)

    for tree in trees.values():
        yield from visit(tree, None)


def _argument_values(func: ast.FunctionDef, param: str, trees: dict[str, ast.Module], where: str,
                     code: str) -> list[str]:
    """Every string constant the calls of `func` pass for `param`, following a call that passes a
    parameter of its own enclosing function through to that function's callers."""
    values: list[str] = []
    for call, outer in _calls_with_their_function(trees, func.name):
        arg = _argument(call, func, param)
        own = [a.arg for a in [*outer.args.posonlyargs, *outer.args.args, *outer.args.kwonlyargs]] if outer else []
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value.isidentifier():
            values.append(arg.value)
        elif isinstance(arg, ast.Name) and outer is not None and outer is not func and arg.id in own:
            values += _argument_values(outer, arg.id, trees, where, code)
        else:
            raise AssertionError(f"{where}: cannot resolve the code {code}: a call of {func.name} passes no "
                                 f"string constant as {param}: {ast.unparse(call)}")
    return list(dict.fromkeys(values))


def _codes_of(first: ast.expr, func: ast.FunctionDef | None, trees: dict[str, ast.Module], where: str) -> list[str]:
    """The code(s) a raise site's first argument stands for."""
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        return [first.value]
    if isinstance(first, ast.JoinedStr) and func is not None:
        parts = first.values
        names = [p.value.id for p in parts if isinstance(p, ast.FormattedValue) and isinstance(p.value, ast.Name)]
        fixed = all(isinstance(p, ast.Constant) or (isinstance(p, ast.FormattedValue) and isinstance(p.value, ast.Name)
                                                     and p.conversion == -1 and p.format_spec is None) for p in parts)
        if fixed and len(names) == 1:
            param = names[0]
            values = _argument_values(func, param, trees, where, ast.unparse(first))
            codes = ["".join(p.value if isinstance(p, ast.Constant) else value for p in parts) for value in values]
            if not codes:
                raise AssertionError(f"{where}: {func.name} builds the code {ast.unparse(first)} but is never called")
            return codes
    raise AssertionError(f"{where}: cannot tell which code {ast.unparse(first)} is")


def raise_sites(sources: dict[str, str]) -> dict[str, list[Site]]:
    """code -> its raise sites, from module sources (name -> text)."""
    trees = _parse(sources)
    sites: dict[str, list[Site]] = {}

    def visit(node: ast.AST, func: ast.FunctionDef | None, path: str) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            func = node  # type: ignore[assignment]
        if isinstance(node, ast.Call) and _name(node.func) in ERROR_CLASSES and node.args:
            where = f"{path}:{node.lineno}"
            site = Site(where, frozenset(k.arg for k in node.keywords if k.arg is not None),
                        any(k.arg is None for k in node.keywords))
            for code in _codes_of(node.args[0], func, trees, where):
                sites.setdefault(code, []).append(site)
        for child in ast.iter_child_nodes(node):
            visit(child, func, path)

    for path, tree in trees.items():
        visit(tree, None, path)
    return sites


def package_sources() -> dict[str, str]:
    return {str(p.relative_to(PACKAGE.parent)): p.read_text(encoding="utf-8") for p in sorted(PACKAGE.rglob("*.py"))}


def allowed_params(sites: list[Site]) -> frozenset[str]:
    """The params every (non-forwarding) raise site of a code passes."""
    explicit = [s.params for s in sites if not s.forwards]
    assert explicit, f"only forwarding raise sites: {[s.where for s in sites]}"
    return frozenset.intersection(*explicit)


SITES = raise_sites(package_sources())
CODES = sorted(SITES)


def test_the_scan_finds_constant_helper_and_built_codes():
    # io, report, metrics, a helper returning the error, and codes built from a table name
    for code in ("empty_file", "missing_file", "score_out_of_range", "no_orders", "orders_missing_columns",
                 "subscriptions_missing_columns", "surveys_missing_columns", "tickets_missing_columns",
                 "ux_missing_columns", "lifetimes_missing_columns", "clv_too_few_repeat_customers"):
        assert code in SITES, code
    assert allowed_params(SITES["score_out_of_range"]) == {"column", "value", "low", "high"}
    assert any(s.forwards for s in SITES["missing_fields"])
    assert allowed_params(SITES["unknown_field"]) == {"fields"}  # the CLI raise site passes no file name


def test_the_scan_resolves_built_codes_and_intersects_params():
    source = '''
def check(table, needed, *, table_name, hint):
    raise MappingProblem(f"{table_name}_missing", "m", hint, columns=needed, table=table_name)

def a():
    check(x, [], table_name="orders", hint="")
    errors.EmptyResult("gone", "m", "h", name="n", rows=1)

def b(err):
    check(x, [], hint="", table_name="ux")
    raise CXError("gone", "m", "h", name="n")
    raise CXError("gone", "m", "h", **err.params)
'''
    sites = raise_sites({"m.py": source})
    assert sorted(sites) == ["gone", "orders_missing", "ux_missing"]
    assert allowed_params(sites["orders_missing"]) == {"columns", "table"}
    assert allowed_params(sites["gone"]) == {"name"}
    with pytest.raises(AssertionError, match="cannot resolve"):
        raise_sites({"m.py": source + "\ncheck(x, [], table_name=name, hint='')\n"})


@pytest.mark.parametrize("code", CODES)
def test_every_raised_code_has_a_translation_it_can_fill(code):
    key = f"error.{code}"
    assert key in TRANSLATIONS, f"{key} is missing (raised at {', '.join(s.where for s in SITES[code])})"
    allowed = allowed_params(SITES[code])
    for lang in LANGS:
        text = TRANSLATIONS[key].get(lang, "")
        assert text.strip(), f"{key} has no {lang} text"
        extra = placeholders(text) - allowed
        assert not extra, (f"{key} ({lang}) uses {sorted(extra)}, which not every raise site passes "
                           f"({[(s.where, sorted(s.params)) for s in SITES[code]]})")
        rendered = t(key, lang, **{p: "x" for p in placeholders(text)})
        assert "{" not in rendered.replace("{{", "") and len(rendered) > 30


def test_the_page_shows_a_metric_error_in_indonesian():
    from cxreport.metrics._frames import no_orders
    from cxreport.metrics.inputs import check_score_range, checked_lazy
    from cxreport.ui.widgets import error_text

    errors = [no_orders()]
    for call in (lambda: checked_lazy(pl.DataFrame({"a": [1]}), ["nps_score"], table_name="surveys", hint="h"),
                 lambda: check_score_range(pl.LazyFrame({"nps_score": [3, 11]}), "nps_score", 0, 10, label="NPS")):
        with pytest.raises(Exception) as caught:
            call()
        errors.append(caught.value)
    texts = [error_text(err, "id") for err in errors]
    assert texts[0].startswith("Tidak ada pesanan")
    assert texts[1].startswith("Tabel survei")
    assert texts[2] == t("error.score_out_of_range", "id", column="nps_score", low="0", high="10", value="11")
