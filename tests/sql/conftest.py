"""Fixtures of the SQL sandbox tests: small workspaces loaded once per session."""

from __future__ import annotations

import pytest
from sql_data import ORDERS, SURVEYS, TICKETS


@pytest.fixture(scope="session")
def tiny():
    """Orders, NPS answers and tickets of tests/data/cli: small enough to check by hand."""
    import cxreport

    return cxreport.load(ORDERS, SURVEYS, TICKETS)
