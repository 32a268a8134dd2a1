"""A sidebar collapsed by hand goes into the URL (``?sidebar=collapsed``), stays there when the
view changes afterwards, and a reload opens it collapsed; expanding it takes it out again."""

from __future__ import annotations

SIDEBAR = '[data-testid="stSidebar"]'
CONTROL = '[data-testid="stButtonGroup"]'  # the page's segmented controls
URL_HAS = "() => new URL(location.href).searchParams.get('sidebar') === 'collapsed'"
URL_HAS_NOT = "() => !new URL(location.href).searchParams.has('sidebar')"


def test_collapsing_the_sidebar_is_kept_in_the_url(app):
    app.open("/cohorts?channel=Email")
    page = app.page
    sidebar = page.locator(SIDEBAR)
    assert sidebar.get_attribute("data-collapsed") == "false" and "sidebar=" not in app.query

    sidebar.hover()  # the collapse button shows on hover, as for a user
    page.locator('[data-testid="stSidebarCollapseButton"] button').click()
    page.wait_for_function(URL_HAS)
    app.wait()
    assert "channel=Email" in app.query and "sidebar=collapsed" in app.query

    # A change of the view afterwards rewrites the URL from the server: the sidebar stays in it.
    page.locator(CONTROL).get_by_text("Revenue", exact=True).click()
    app.wait()
    assert "basis=revenue" in app.query and "sidebar=collapsed" in app.query, app.query
    assert sidebar.get_attribute("data-collapsed") == "true"  # and the sidebar itself stays closed

    page.reload()
    app.wait()
    assert sidebar.get_attribute("data-collapsed") == "true"
    assert "sidebar=collapsed" in app.query and "basis=revenue" in app.query

    page.locator('[data-testid="stExpandSidebarButton"]').click()
    page.wait_for_function(URL_HAS_NOT)
    app.wait()
    assert sidebar.get_attribute("data-collapsed") == "false"
    page.locator(CONTROL).get_by_text("Customers", exact=True).click()
    app.wait()
    assert "sidebar" not in app.query and "channel=Email" in app.query, app.query
    assert sidebar.get_attribute("data-collapsed") == "false"
    page.reload()
    app.wait()
    assert sidebar.get_attribute("data-collapsed") == "false"
    assert not app.errors()
