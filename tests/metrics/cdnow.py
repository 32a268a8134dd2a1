"""The CDNOW sample (Fader, Hardie & Lee 2005), obtained at test time from the lifetimes wheel.

The `lifetimes` package on PyPI ships the raw CDNOW transactions and the published
customer summary. We download its wheel once with pip into a cache directory
(``$CXREPORT_TEST_DATA`` or ~/.cache/cxreport-test-data) and read the files from it; the
data are never committed. When PyPI cannot be reached the calling test is skipped.

Files used (inside the wheel, ``lifetimes/datasets/``):
- CDNOW_sample.txt: whitespace-separated ``customer_id cust_id YYYYMMDD cds dollars``,
  6,919 transactions of the 2,357 customers of the 1/10th sample, 1997-01-01..1998-06-30.
- cdnow_customers_summary_with_transactions.csv: FHL's published calibration summary,
  ``ID, x, t_x, T, zbar`` (weeks; zbar = mean value of the repeat transactions).
- lifetimes/utils.py: lifetimes' own RFM summary code, used as a reference.
"""

from __future__ import annotations

import fcntl
import importlib.util
import os
import subprocess
import sys
import types
import zipfile
from functools import cache
from pathlib import Path

import polars as pl
import pytest

LIFETIMES = "lifetimes==0.11.3"
CALIBRATION_END = "1997-09-30"  # end of week 39 counted from 1997-01-01 (T = 38.86 weeks on day 1)
OBSERVATION_END = "1998-06-30"  # end of week 78

_NEEDED = (
    "lifetimes/datasets/CDNOW_sample.txt",
    "lifetimes/datasets/cdnow_customers_summary_with_transactions.csv",
    "lifetimes/utils.py",
)


def cache_dir() -> Path:
    return Path(os.environ.get("CXREPORT_TEST_DATA", Path.home() / ".cache" / "cxreport-test-data"))


@cache
def lifetimes_files() -> Path:
    """Directory holding the extracted files of the lifetimes wheel; skips the test when offline."""
    root = cache_dir() / "lifetimes-0.11.3"
    cache_dir().mkdir(parents=True, exist_ok=True)
    # Two pytest workers may get here at once: one downloads and extracts, the other waits.
    with open(cache_dir() / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _extracted(root)


def _extracted(root: Path) -> Path:
    if all((root / name).exists() for name in _NEEDED):
        return root
    downloads = cache_dir() / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    wheels = sorted(downloads.glob("[Ll]ifetimes-0.11.3-*.whl"))
    if not wheels:
        result = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:",
             "--disable-pip-version-check", "--quiet", LIFETIMES, "-d", str(downloads)],
            capture_output=True, text=True, timeout=300,
        )
        wheels = sorted(downloads.glob("[Ll]ifetimes-0.11.3-*.whl"))
        if result.returncode != 0 or not wheels:
            pytest.skip(f"CDNOW data unavailable: could not download {LIFETIMES} from PyPI ({result.stderr.strip()[-300:]})")
    with zipfile.ZipFile(wheels[0]) as wheel:
        for name in _NEEDED:
            wheel.extract(name, root)
    return root


@cache
def cdnow_orders() -> pl.DataFrame:
    """The CDNOW sample as canonical orders: customer_id, order_id, order_date, amount."""
    path = lifetimes_files() / "lifetimes/datasets/CDNOW_sample.txt"
    fields = (
        pl.read_csv(path, has_header=False, new_columns=["line"], separator="\t")
        .select(pl.col("line").str.strip_chars().str.split(" ").list.eval(pl.element().filter(pl.element() != "")).alias("f"))
    )
    return fields.select(
        pl.col("f").list.get(1).alias("customer_id"),
        pl.int_range(pl.len()).cast(pl.String).alias("order_id"),
        pl.col("f").list.get(2).str.to_datetime("%Y%m%d", time_unit="us").alias("order_date"),
        pl.col("f").list.get(4).cast(pl.Float64).alias("amount"),
    )


@cache
def published_summary() -> pl.DataFrame:
    """FHL's calibration summary: customer_id (zero-padded like the raw file), x, t_x, T, zbar."""
    summary = pl.read_csv(lifetimes_files() / "lifetimes/datasets/cdnow_customers_summary_with_transactions.csv")
    return summary.select(pl.col("ID").cast(pl.String).str.zfill(4).alias("customer_id"), "x", "t_x", "T", "zbar")


@cache
def lifetimes_utils() -> types.ModuleType | None:
    """lifetimes.utils loaded from the wheel, or None when it cannot be imported here.

    The full package does not import on numpy 2 (autograd); utils.py needs only numpy and
    pandas, plus `dill` for saving fitted models, which the summary functions never call.
    """
    path = lifetimes_files() / "lifetimes/utils.py"
    try:
        import pandas  # noqa: F401
    except ImportError:
        return None
    stubbed = "dill" not in sys.modules and importlib.util.find_spec("dill") is None
    if stubbed:
        sys.modules["dill"] = types.ModuleType("dill")
    try:
        spec = importlib.util.spec_from_file_location("lifetimes_reference_utils", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)  # type: ignore[union-attr]
        return module
    except Exception:
        return None
    finally:
        if stubbed:
            del sys.modules["dill"]
