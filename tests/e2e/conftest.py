"""Fixtures of the browser tests: `server_url` (one server per test session), `browser`,
`page` (a fresh context per test), `new_page` (more fresh contexts inside one test), `app`
(an `App` driving `page`), `fresh_app` (an `App` in a fresh context, e.g. to open a shared
link "as someone else"). The helpers themselves live in harness.py.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import pytest
from harness import CHROMIUM, CHROMIUM_ARGS, ROOT, VIEWPORT, App, start_server, stop_server


@pytest.fixture(scope="session")
def server_url():
    (ROOT / ".pytest_cache").mkdir(exist_ok=True)
    # one server per pytest worker (pytest-xdist runs two), each with its own log
    log = ROOT / ".pytest_cache" / f"e2e-server-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}.log"
    try:
        proc, url = start_server(log)
    except RuntimeError as err:
        pytest.fail(str(err))
    yield url
    stop_server(proc)


@pytest.fixture(scope="session")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed: run `make test`, which installs Debian's chromium")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def new_page(browser):
    """Open pages in fresh browser contexts (no cookies, no session): `with new_page() as pg:`."""

    @contextmanager
    def open_fresh():
        context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
        pg = context.new_page()
        pg.set_default_timeout(30_000)
        try:
            yield pg
        finally:
            context.close()

    return open_fresh


@pytest.fixture
def page(new_page):
    with new_page() as pg:
        yield pg


@pytest.fixture
def app(page, server_url) -> App:
    return App(page, server_url)


@pytest.fixture
def fresh_app(new_page, server_url):
    """Another user: `with fresh_app() as other:` gives an `App` in a fresh browser context."""

    @contextmanager
    def open_fresh():
        with new_page() as pg:
            yield App(pg, server_url)

    return open_fresh
