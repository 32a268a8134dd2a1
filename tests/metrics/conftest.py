"""Fixtures for the metric tests: the CDNOW sample (downloaded once, see cdnow.py)."""

from __future__ import annotations

import polars as pl
import pytest

import cdnow
from cxreport.metrics.bgnbd import BGNBD, fit_bgnbd
from cxreport.metrics.rfm import rfm_summary


@pytest.fixture(scope="session")
def cdnow_orders() -> pl.DataFrame:
    return cdnow.cdnow_orders()


@pytest.fixture(scope="session")
def cdnow_published_summary() -> pl.DataFrame:
    return cdnow.published_summary()


@pytest.fixture(scope="session")
def cdnow_rfm(cdnow_orders: pl.DataFrame) -> pl.DataFrame:
    """FHL's calibration/holdout split: 39 + 39 weeks from 1997-01-01."""
    return rfm_summary(
        cdnow_orders, time_unit="week", calibration_end=cdnow.CALIBRATION_END, observation_end=cdnow.OBSERVATION_END
    )


@pytest.fixture(scope="session")
def cdnow_bgnbd(cdnow_rfm: pl.DataFrame) -> BGNBD:
    return fit_bgnbd(cdnow_rfm, time_unit="week")
