"""The pages readers get when the service fails: 500 (a fault) and 503 (the database cannot
be reached), rendered as home.views.server_error and Django render them (no context, no
database), served at an address of the site with its styles, at a phone's width and
wider: no sideways scrolling, nothing axe-core finds."""

import pytest

from django.template import loader

from tests.browser.checks import axe_violations, wider_than
from tests.browser.test_reflow import WIDTHS

ERROR_PAGES = {
    "500.html": (500, "Sorry, there is a problem with the service"),
    "503.html": (503, "Sorry, the service is unavailable"),
}


@pytest.mark.parametrize("template", ERROR_PAGES)
def test_error_pages_reflow_and_pass_axe(live_server, browser_page, template):
    status, heading = ERROR_PAGES[template]
    body = loader.get_template(template).render()
    address = f"{live_server.url}/an-address-that-failed/"
    # The browser asks the site for the page and its styles; the page is what the server
    # would have answered, its stylesheets and scripts the site's own.
    browser_page.route(
        address,
        lambda route: route.fulfill(status=status, body=body, content_type="text/html"),
    )
    response = browser_page.goto(address)
    assert response.status == status
    assert browser_page.get_by_role("heading", level=1).inner_text() == heading
    # Its stylesheets loaded (a page without its styles would reflow trivially).
    assert browser_page.evaluate(
        "document.styleSheets.length > 0"
        " && [...document.styleSheets].every(sheet => sheet.cssRules.length > 0)"
    )
    too_wide = {width: problem for width in WIDTHS if (problem := wider_than(browser_page, width))}
    assert too_wide == {}
    browser_page.set_viewport_size({"width": 320, "height": 800})
    assert axe_violations(browser_page) == []
