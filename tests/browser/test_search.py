"""The search page in Chromium: axe-core clean in every state, valid HTML, and usable with
the keyboard alone, without JavaScript doing any of the work."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.checks import axe_violations, nu_html_errors

SEED_TITLE = "Open Source security meetup: 7 things we learned from the cross-government event"
STATES = {
    "empty form": ("/search/", 200),
    "results": ("/search/?q=open+source", 200),
    "filtered results": ("/search/?q=security&blog=technology&category=open-source", 200),
    "phrase": ("/search/?q=%22coding+in+the+open%22", 200),
    "no results": ("/search/?q=zyzzyva", 200),
    "errors": ("/search/?q=security&from=2017-13-45&to=yesterday", 400),
    "unknown blog": ("/search/?q=security&blog=no-such-blog", 400),
}


@pytest.mark.parametrize("width", [320, 1280])
def test_axe_finds_no_violations_on_the_search_page(demo_site, browser_page, width):
    browser_page.set_viewport_size({"width": width, "height": 900})
    found = {}
    for name, (path, status) in STATES.items():
        response = browser_page.goto(demo_site.url + path)
        assert response.status == status, f"{name} {path} answered {response.status}"
        violations = axe_violations(browser_page)
        if violations:
            found[name] = violations
    assert found == {}


def test_nu_html_checker_finds_no_errors_on_the_search_page(demo_site, browser_page, tmp_path):
    paths = {name: path for name, (path, _status) in STATES.items()}
    assert nu_html_errors(browser_page, demo_site.url, paths, tmp_path) == []


def search_params(page):
    return parse_qs(urlsplit(page.url).query)


def test_searching_and_narrowing_with_the_keyboard(demo_site, browser_page):
    page = browser_page
    page.goto(demo_site.url + "/technology/")
    # The header's search box, reached by keyboard, sends the reader to the search page.
    page.focus("#site-search")
    page.keyboard.type("stakeholder buy-in")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=stakeholder+buy-in")
    first = page.locator(".bulletin-results__item h2").first
    assert " ".join(first.inner_text().split()) == SEED_TITLE
    assert page.locator(".bulletin-results__excerpt mark").count() >= 1

    # A facet is a link; following it narrows the results and says so.
    page.locator(".bulletin-facets").get_by_role("link", name="Open Source", exact=True).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert search_params(page) == {"q": ["stakeholder buy-in"], "category": ["open-source"]}
    assert "Category: Open Source" in page.locator(".bulletin-filters-in-use").inner_text()

    # Dates are typed in and applied with the form's own button; the filter is kept.
    page.fill("#search-date_from", "01/10/2017")
    page.fill("#search-date_to", "2017-10-31")
    with page.expect_navigation():
        page.get_by_role("button", name="Apply dates").press("Enter")
    assert search_params(page) == {
        "q": ["stakeholder buy-in"],
        "category": ["open-source"],
        "from": ["01/10/2017"],
        "to": ["2017-10-31"],
    }
    assert " ".join(page.locator(".bulletin-results__item h2").first.inner_text().split()) == (
        SEED_TITLE
    )

    # A bad date is reported in an error summary that takes focus, linked to the field.
    page.fill("#search-date_to", "2017-13-45")
    with page.expect_navigation():
        page.get_by_role("button", name="Apply dates").press("Enter")
    summary = page.locator(".govuk-error-summary")
    assert "Enter a real date" in summary.inner_text()
    summary.get_by_role("link").click()
    assert page.evaluate("document.activeElement.id") == "search-date_to"


def test_the_suggestions_endpoint_answers_json(demo_site, browser_page):
    response = browser_page.goto(demo_site.url + "/search/suggest/?q=open%20sour")
    assert response.status == 200
    assert SEED_TITLE in json.loads(browser_page.inner_text("body"))["suggestions"]
