"""The small files the SQL tests load (tests/data/cli): their own module, because `conftest`
names whichever folder's conftest.py pytest imported last."""

from pathlib import Path

CLI_DATA = Path(__file__).resolve().parents[1] / "data" / "cli"
ORDERS = CLI_DATA / "orders_tiny.csv"
SURVEYS = CLI_DATA / "nps_tiny.csv"
TICKETS = CLI_DATA / "tickets_tiny.csv"
