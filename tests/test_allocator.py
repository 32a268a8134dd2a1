"""The command line keeps the memory it frees: a second array of the same size reuses it
instead of faulting in fresh pages from the kernel (cxreport.allocator)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHILD = r"""
import json, resource, sys
sys.path.insert(0, sys.argv[1])
import numpy as np
took = None
if sys.argv[2] == "reuse":
    from cxreport.allocator import reuse_freed_memory
    took = reuse_freed_memory()
a = np.ones(10_000_000); del a  # 80 MB, freed
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(5):
    a = np.ones(10_000_000); del a
print(json.dumps({"took": took, "faults": resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before}))
"""


def faults(mode: str) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), mode], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_freed_arrays_are_reused_instead_of_faulted_in_again():
    plain, reused = faults("plain"), faults("reuse")
    assert reused["took"] is True
    # Five 80 MB arrays: page faults each time by default, almost none when memory is kept.
    assert plain["faults"] > 100  # (2 MB pages, where the kernel gives them, make fewer faults)
    assert reused["faults"] < plain["faults"] / 20


def test_the_command_line_keeps_its_freed_memory(monkeypatch, tmp_path):
    from cxreport import cli

    calls = []
    monkeypatch.setattr(cli, "reuse_freed_memory", lambda: calls.append(1) or True)
    sample = ROOT / "sample_data" / "orders.csv"
    assert cli.main(["metrics", str(sample), "--json"]) == 0
    assert calls == [1]
