"""`cxreport query`: the escape corpus through the command (in-process, and a real process for a
representative few), its outputs, its options, and its one-line errors with exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cxreport.cli import main
from conftest import ORDERS, SURVEYS
from sql_corpus import FAILED, FAILED_WORDS, REFUSED

ROOT = Path(__file__).resolve().parents[2]


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["query", str(ORDERS), str(SURVEYS), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize(("name", "sql"), REFUSED + FAILED, ids=[n for n, _ in REFUSED + FAILED])
def test_the_corpus_exits_2_with_one_line(capsys, tmp_path, name, sql):
    code, out, err = _run(capsys, "--sql", sql.format(tmp=tmp_path))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("cxreport: error: ")
    assert "read-only" in err or "one statement" in err or any(w in err for w in FAILED_WORDS), err
    assert "root:" not in err
    assert _files(tmp_path) == []


REAL = [("copy_to_file", 2), ("read_text", 2), ("comment_hidden_block", 2)]


@pytest.mark.parametrize(("name", "code"), REAL, ids=[n for n, _ in REAL])
def test_a_real_process_refuses_too(tmp_path, name, code):
    sql = dict(REFUSED + FAILED)[name].format(tmp=tmp_path)
    done = subprocess.run([sys.executable, "-m", "cxreport.cli", "query", str(ORDERS), "--sql", sql],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == code and done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("cxreport: error: "), done.stderr
    assert _files(tmp_path) == []


def test_a_real_process_prints_a_plain_table():
    done = subprocess.run([sys.executable, "-m", "cxreport.cli", "query", str(ORDERS), "--sql",
                           "SELECT channel, count(*) AS orders, sum(amount) AS revenue FROM orders GROUP BY channel ORDER BY 1"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "channel     orders  revenue",
        "----------  ------  -------",
        "Email            6      195",
        "Social Ads       2       90",
    ]


def test_json_and_csv(capsys):
    sql = "SELECT channel, count(*) AS orders FROM orders GROUP BY channel ORDER BY 1"
    code, out, _ = _run(capsys, "--sql", sql, "--json")
    assert code == 0
    assert json.loads(out) == {"columns": [{"name": "channel", "type": "String"}, {"name": "orders", "type": "Int64"}],
                               "rows": [{"channel": "Email", "orders": 6}, {"channel": "Social Ads", "orders": 2}],
                               "truncated": False, "max_rows": 10000}
    code, out, _ = _run(capsys, "--sql", sql, "--csv")
    assert code == 0 and out == "channel,orders\nEmail,6\nSocial Ads,2\n"


def test_the_filters_are_the_metrics_commands(capsys):
    sql = "SELECT count(*) AS n FROM orders"
    assert _run(capsys, "--sql", sql, "--csv")[1] == "n\n8\n"
    assert _run(capsys, "--sql", sql, "--csv", "--from", "2025-02-01")[1] == "n\n6\n"
    assert _run(capsys, "--sql", sql, "--csv", "--where", "channel=Social Ads")[1] == "n\n2\n"
    code, _, err = _run(capsys, "--sql", sql, "--where", "channel=Radio")
    assert code == 2 and "Radio" in err  # the same one-line error as `metrics`


def test_a_truncated_result_says_so_on_stderr(capsys):
    code, out, err = _run(capsys, "--sql", "SELECT * FROM range(50)", "--max-rows", "5", "--csv")
    assert code == 0 and out == "range\n0\n1\n2\n3\n4\n"
    assert "more than 5 rows" in err


def test_timeout_option(capsys):
    code, out, err = _run(capsys, "--sql", "SELECT count(*) FROM range(100000000) a, range(100000000) b",
                          "--timeout", "1")
    assert code == 2 and out == "" and "longer than 1 s" in err


def test_a_typo_names_the_column_and_its_place(capsys):
    code, _, err = _run(capsys, "--sql", "SELECT channel,\n       revenu\nFROM orders")
    assert code == 2
    assert '"revenu"' in err and "line 2, column 8" in err and err.count("\n") == 1


def test_bad_options_exit_2(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["query", str(ORDERS), "--sql", "SELECT 1", "--timeout", "-1"])
    assert caught.value.code == 2
    with pytest.raises(SystemExit):
        main(["query", str(ORDERS), "--sql", "SELECT 1", "--json", "--csv"])
    capsys.readouterr()
