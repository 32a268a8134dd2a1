"""A filter picked in the sidebar lands in the URL, and that URL reproduces the view elsewhere."""

import pytest


@pytest.mark.e2e
def test_sidebar_filter_goes_to_url_and_the_link_reproduces_the_view(app, fresh_app):
    app.open("/")
    unfiltered = app.metrics()
    assert unfiltered, "the overview shows no metric cards on the sample data"

    app.pick("Channel", "Email")
    assert "channel=Email" in app.query.split("&")
    assert app.selected("Channel") == ["Email"]
    filtered = app.metrics()
    # the filter did something: the sample has customers outside the Email channel
    assert filtered != unfiltered

    shared_path = app.page.url.removeprefix(app.base_url)
    with fresh_app() as someone_else:  # no cookies, a new Streamlit session
        someone_else.open(shared_path)
        assert someone_else.errors() == []
        assert someone_else.metrics() == filtered
        assert someone_else.selected("Channel") == ["Email"]
        assert "channel=Email" in someone_else.query.split("&")
