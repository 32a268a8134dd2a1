"""The CX model page on the sample: SERVQUAL, key drivers and service against CX show the library's numbers."""

from __future__ import annotations

import polars as pl
import pytest
from apptest_helpers import no_errors, open_app, texts

from cxreport.metrics import drivers, servqual
from cxreport.sample import sample_paths
from cxreport.report import load_files


@pytest.fixture(scope="module")
def page():
    return open_app("cx_model", timeout=180)


@pytest.fixture(scope="module")
def sample():
    return load_files([str(p) for p in sample_paths()])


def test_the_page_draws_its_three_sections_without_error(page):
    no_errors(page)
    shown = texts(page)
    for heading in ("Service quality (SERVQUAL)", "Key drivers of NPS", "Customer service against CX"):
        assert heading in shown
    assert "correlation, not causation" in shown


def test_servqual_table_is_the_librarys(page, sample):
    expected = servqual.servqual(sample.surveys, sample.servqual_items())
    shown = pl.from_pandas(page.dataframe[0].value)
    assert shown.get_column("gap").to_list() == pytest.approx(expected.get_column("gap").to_list())
    # the planted finding: responsiveness falls shortest of expectations
    assert expected.sort("gap").get_column("dimension")[0] == "responsiveness"


def test_key_drivers_are_the_librarys(page, sample):
    table = drivers.driver_table(sample.surveys, tickets=sample.tickets, items=sample.servqual_items())
    expected = drivers.key_drivers(table)
    shown = pl.from_pandas(page.dataframe[1].value)
    assert shown.get_column("driver").to_list() == expected.get_column("driver").to_list()
    assert shown.get_column("importance").to_list() == pytest.approx(expected.get_column("importance").to_list())
    assert f"{expected.get_column('n')[0]:,}" in texts(page)
