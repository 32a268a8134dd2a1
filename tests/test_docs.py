"""The docs promise things a test can check: the CLI's JSON keys, runnable examples, links, the import map.

- docs/cli.md: its key table lists exactly the keys `cxreport metrics --json` can print
  (tests/test_cli.py checks the same list against the real output on the sample).
- docs/library.md: every ``>>>`` example runs and prints what the page shows.
- README.md and docs/*.md: every relative link and image points at a file of the repository.
- docs/architecture.md: its layer table is the import graph (no module imports a layer it
  does not list; only the app layer imports streamlit).
"""

from __future__ import annotations

import ast
import doctest
import fnmatch
import re
from pathlib import Path

import pytest

from test_cli import DATA_KEYED, DOCUMENTED_KEYS, MISSING_KEYS, SKIPPED_KEYS

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
MARKDOWN = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]
# Written on other branches (already on main), linked from here before the merge.
ELSEWHERE: set[Path] = set()  # docs a link may name before they are written (none now)


def table_rows(text: str, heading: str) -> list[list[str]]:
    """The cells of the first Markdown table under `heading`, header and rule left out."""
    section = text.split(f"\n{heading}\n", 1)[1]
    rows = []
    for line in section.split("\n"):
        if line.startswith("|"):
            rows.append([c.strip() for c in line.strip().strip("|").split(" | ")])
        elif rows:
            break
    return rows[2:]


def expand_keys(cell: str) -> list[str]:
    """`a.b.c`, `.d`, `e` -> a.b.c, a.b.d, a.b.e: a full path, then siblings of its last key."""
    keys: list[str] = []
    for item in re.findall(r"`([^`]+)`", cell):
        if "." in item.lstrip(".") or not keys:
            keys.append(item)
        else:
            parent = keys[-1].rsplit(".", 1)[0]
            keys.append(f"{parent}.{item.lstrip('.')}")
    return keys


def documented_cli_keys() -> set[str]:
    keys = {k for row in table_rows((DOCS / "cli.md").read_text(encoding="utf-8"), "## JSON keys")
            for k in expand_keys(row[0])}
    keys = {f"{k}.*" if k in DATA_KEYED else k for k in keys}
    # a key with keys below it is a section heading, not a leaf of the document
    return {k for k in keys if not any(o.startswith((f"{k}.", f"{k}[].")) for o in keys)}


def test_expand_keys_reads_the_table_notation():
    assert expand_keys("`orders.clv.summary.total_clv`, `.mean_clv`, `median_clv`") == [
        "orders.clv.summary.total_clv", "orders.clv.summary.mean_clv", "orders.clv.summary.median_clv"]
    assert expand_keys("`ux.task_success[].task`, `.n`") == ["ux.task_success[].task", "ux.task_success[].n"]


def test_cli_md_documents_every_json_key_and_no_other():
    documented = documented_cli_keys()
    expected = DOCUMENTED_KEYS | SKIPPED_KEYS | MISSING_KEYS
    assert sorted(documented - expected) == [], "in docs/cli.md but never printed"
    assert sorted(expected - documented) == [], "printed but not in docs/cli.md"


def test_cli_md_lists_every_option_of_the_command():
    from cxreport.cli import build_parser

    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # noqa: SLF001 — argparse has no public walk
    options = {s for name in ("metrics", "render") for action in commands[name]._actions
               for s in action.option_strings if s.startswith("--")} - {"--help"}
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert sorted(o for o in options if f"`{o}" not in text) == []


def test_library_md_examples_run(monkeypatch):
    monkeypatch.chdir(ROOT)  # the examples read tests/data/cli and sample_data by relative path
    result = doctest.testfile(str(DOCS / "library.md"), module_relative=False, optionflags=doctest.ELLIPSIS,
                              raise_on_error=False, verbose=False)
    assert result.attempted >= 20
    assert result.failed == 0


def links(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"```.*?```", "", text, flags=re.S)  # code blocks hold URLs of the running app, not links
    text = re.sub(r"`[^`\n]*`", "", text)  # so do inline code spans (examples of what a link looks like)
    return re.findall(r"\]\(([^)\s]+)\)", text)


@pytest.mark.parametrize("path", MARKDOWN, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_link_stays_in_the_repository_and_exists(path):
    for target in links(path):
        if target.startswith("#") or re.match(r"https?://", target):
            assert not target.startswith("http"), f"{path.name}: external link {target}"
            continue
        file = (path.parent / target.split("#", 1)[0]).resolve()
        assert file.is_relative_to(ROOT), f"{path.name}: {target} is outside the repository"
        assert file.exists() or file in ELSEWHERE, f"{path.name}: {target} does not exist"


def test_readme_keeps_the_two_commands_and_is_a_front_door():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in text and "make test" in text
    assert "../" not in text
    assert "![" in text and "docs/overview.png" in text
    assert len(text.encode()) < 12_000  # the references live in docs/


# --- the import map -----------------------------------------------------------------------------


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    """Every module an import statement of the file names (function-level ones included)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from cxreport.metrics import churn` uses the module cxreport.metrics.churn, not
            # the package's own names: the package counts only when a name is not a submodule
            package = ROOT / node.module.replace(".", "/")
            submodules = {a.name for a in node.names if (package / f"{a.name}.py").exists()
                          or (package / a.name / "__init__.py").exists()}
            found.update(f"{node.module}.{name}" for name in submodules)
            if len(submodules) < len(node.names):
                found.add(node.module)
    return found


def layers() -> list[tuple[str, list[str], set[str]]]:
    """(layer, module patterns, layers it may import) from docs/architecture.md."""
    rows = table_rows((DOCS / "architecture.md").read_text(encoding="utf-8"), "## Layers")
    return [(row[0].strip("*"), re.findall(r"`([^`]+)`", row[1]), {s.strip() for s in row[2].split(",")})
            for row in rows]


def layer_of(module: str, table) -> str | None:
    for name, patterns, _ in table:
        if any(fnmatch.fnmatch(module, p) for p in patterns):
            return name
    return None


def test_architecture_md_layers_are_the_import_graph():
    table = layers()
    allowed = {name: may for name, _, may in table}
    files = [*sorted((ROOT / "cxreport").rglob("*.py")), *sorted((ROOT / "pages").glob("*.py")),
             ROOT / "streamlit_app.py"]
    problems = []
    for path in files:
        module = module_name(path)
        layer = layer_of(module, table)
        if layer is None:
            problems.append(f"{module} is in no layer of docs/architecture.md")
            continue
        for target in imports_of(path):
            if target == "streamlit" or target.startswith("streamlit."):
                if "streamlit" not in allowed[layer]:
                    problems.append(f"{module} ({layer}) imports streamlit")
            elif target.startswith("cxreport"):
                other = layer_of(target, table)
                if other is not None and other not in allowed[layer]:
                    problems.append(f"{module} ({layer}) imports {target} ({other})")
    assert problems == []


def test_the_layer_check_catches_a_wrong_import():
    table = layers()
    assert layer_of("cxreport.metrics.surveys", table) != layer_of("cxreport.io.read", table)
    metrics_may = next(may for name, _, may in table if name == layer_of("cxreport.metrics.surveys", table))
    assert layer_of("cxreport.io.read", table) not in metrics_may  # metrics never read files
    assert "streamlit" not in metrics_may


def test_library_md_names_every_public_metric():
    import cxreport.metrics

    text = (DOCS / "library.md").read_text(encoding="utf-8")
    table = " ".join(row[1] for row in table_rows(text, "## Metrics: `cxreport.metrics.<name>`"))
    assert sorted(n for n in cxreport.metrics.SOURCES if f"`{n}`" not in table) == []


def test_a_module_over_about_400_lines_says_why_at_its_top():
    """Issue 11: modules stay small; a longer one gives its reason in its docstring."""
    root = Path(__file__).resolve().parents[1] / "cxreport"
    unexplained = []
    for path in sorted(root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > 420:
            doc = ast.get_docstring(ast.parse(text)) or ""
            if "400 lines" not in doc:
                unexplained.append(f"{path.relative_to(root)} ({text.count(chr(10))} lines)")
    assert unexplained == []
