"""Fixtures of the SQL sandbox tests: small workspaces loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

CLI_DATA = Path(__file__).resolve().parents[1] / "data" / "cli"
ORDERS = CLI_DATA / "orders_tiny.csv"
SURVEYS = CLI_DATA / "nps_tiny.csv"
TICKETS = CLI_DATA / "tickets_tiny.csv"


@pytest.fixture(scope="session")
def tiny():
    """Orders, NPS answers and tickets of tests/data/cli: small enough to check by hand."""
    import cxreport

    return cxreport.load(ORDERS, SURVEYS, TICKETS)
