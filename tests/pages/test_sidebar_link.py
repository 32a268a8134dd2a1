"""The link's own keys (sidebar, present mode's slide) stay in it and raise no notice."""

from apptest_helpers import no_errors, open_app


def test_sidebar_key_stays_in_the_link_and_raises_no_notice():
    # That the sidebar then opens closed is a browser's business: tests/e2e/test_url_notices.py
    closed = open_app(query={"sidebar": "collapsed"})
    no_errors(closed)
    assert closed.query_params.get("sidebar") in ("collapsed", ["collapsed"])
    assert not closed.warning, [w.value for w in closed.warning]


def test_present_and_report_keys_are_not_reported_as_unknown():
    at = open_app(query={"slide": "2"})
    no_errors(at)
    assert not at.warning, [w.value for w in at.warning]
