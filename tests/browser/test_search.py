"""The search page in Chromium: axe-core clean in every state, valid HTML, and usable with
the keyboard alone, without JavaScript doing any of the work."""

import json
import subprocess
from urllib.parse import parse_qs, urlsplit

import pytest

from demo.factories import make_post
from posts.models import BlogPage
from tests.browser.checks import VNU, axe_violations, nu_html_errors
from tests.browser.test_csp import violations, watch

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
    # On a blog's page the header box searches that blog.
    page.wait_for_url("**/search/?blog=technology&q=stakeholder+buy-in")
    first = page.locator(".bulletin-results__item h2").first
    assert " ".join(first.inner_text().split()) == SEED_TITLE
    assert page.locator(".bulletin-results__excerpt mark").count() >= 1

    # A facet is a link; following it narrows the results and says so.
    page.locator(".bulletin-facets").get_by_role("link", name="Open Source", exact=True).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert search_params(page) == {
        "blog": ["technology"],
        "q": ["stakeholder buy-in"],
        "category": ["open-source"],
    }
    assert "Category: Open Source" in page.locator(".bulletin-filters-in-use").inner_text()

    # Dates are typed in and applied with the form's own button; the filter is kept.
    page.fill("#search-date_from", "01/10/2017")
    page.fill("#search-date_to", "2017-10-31")
    with page.expect_navigation():
        page.get_by_role("button", name="Apply dates").press("Enter")
    assert search_params(page) == {
        "blog": ["technology"],
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


# Suggestions: GOV.UK's accessible-autocomplete on the header's and the search page's boxes.

FIVE_YEARS = "What we learned from 5 years of coding in the open"


def nu_dom_errors(page, folder, name):
    """The Nu Html Checker's errors on the page as it is now (a menu open), not as served."""
    target = folder / f"{name}.html"
    target.write_text("<!DOCTYPE html>\n" + page.evaluate("document.documentElement.outerHTML"))
    result = subprocess.run(  # noqa: S603 - fixed command
        ["java", "-jar", str(VNU), "--format", "json", "--errors-only", str(target)],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=300,
    )
    return [m["message"] for m in json.loads(result.stderr or '{"messages": []}')["messages"]]


def enhanced(page, box):
    """The box once the module script has made it a combobox (it runs after load)."""
    page.wait_for_selector(f"{box}[role=combobox]")
    return page.locator(box)


def open_suggestions(page, box, text):
    enhanced(page, box)
    page.focus(box)
    page.keyboard.type(text)
    page.locator(f"{box}__listbox [role=option]").first.wait_for()


def status_text(page, box):
    return " ".join(page.locator(f"{box}__status--A, {box}__status--B").all_inner_texts())


@pytest.mark.parametrize("width", [320, 1280])
def test_choosing_a_suggestion_with_the_keyboard_alone(demo_site, browser_page, width, tmp_path):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(demo_site.url + "/technology/")
    box = enhanced(page, "#site-search")
    assert box.get_attribute("aria-expanded") == "false"

    open_suggestions(page, "#site-search", "open sou")
    listbox_id = box.get_attribute("aria-controls")
    assert page.locator(f"#{listbox_id}").get_attribute("role") == "listbox"
    options = page.locator(f"#{listbox_id} [role=option]")
    assert SEED_TITLE in options.all_inner_texts()
    assert box.get_attribute("aria-expanded") == "true"
    assert box.get_attribute("aria-activedescendant") is None
    # The live region says how many there are, once the reader pauses.
    page.wait_for_function(
        "() => /suggestions? (is|are) available/.test("
        "document.querySelector('#site-search__status--A').textContent"
        " + document.querySelector('#site-search__status--B').textContent)"
    )

    page.keyboard.press("ArrowDown")
    first = options.first
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    assert page.evaluate("document.activeElement.id") == first.get_attribute("id")
    chosen = first.inner_text()
    page.wait_for_function(
        "() => /1 of \\d+ is highlighted/.test("
        "document.querySelector('#site-search__status--A').textContent"
        " + document.querySelector('#site-search__status--B').textContent)"
    )
    assert chosen in status_text(page, "#site-search")

    # With the menu open and an option highlighted: axe-core and the Nu checker at zero.
    assert axe_violations(page) == []
    assert nu_dom_errors(page, tmp_path, f"menu-open-{width}") == []

    # Enter on a suggestion searches for that title; title first, it comes first.
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert search_params(page) == {"blog": ["technology"], "q": [chosen]}
    first_result = page.locator(".bulletin-results__item h2").first
    assert " ".join(first_result.inner_text().split()) == chosen


def test_enter_without_a_suggestion_chosen_searches_for_what_was_typed(demo_site, browser_page):
    page = browser_page
    page.goto(demo_site.url + "/technology/")
    open_suggestions(page, "#site-search", "open sou")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert search_params(page) == {"blog": ["technology"], "q": ["open sou"]}


@pytest.mark.parametrize("width", [320, 1280])
def test_the_search_page_box_suggests_and_keeps_its_hint(demo_site, browser_page, width, tmp_path):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(demo_site.url + "/search/?q=security")
    box = enhanced(page, "#search-q")
    assert box.input_value() == "security"
    assert box.get_attribute("maxlength") == "200"
    hint = page.locator(f"#{box.get_attribute('aria-describedby')}").text_content()
    assert "quotes" in hint
    page.fill("#search-q", "")
    open_suggestions(page, "#search-q", "coding in")
    assert FIVE_YEARS in page.locator("#search-q__listbox [role=option]").all_inner_texts()
    assert axe_violations(page) == []
    assert nu_dom_errors(page, tmp_path, f"search-page-menu-open-{width}") == []
    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert search_params(page) == {"q": ["coding in"]}


def test_a_suggested_title_is_shown_as_text(demo_site, browser_page):
    technology = BlogPage.objects.get(slug="technology")
    title = 'Pelicans <img src=x id=injected onerror="document.title=1"> & friends'
    make_post(technology, title, slug="pelican-markup")
    page = browser_page
    page.goto(demo_site.url + "/technology/")
    open_suggestions(page, "#site-search", "pelica")
    assert page.locator("#site-search__listbox [role=option]").all_inner_texts() == [title]
    assert page.locator("#injected").count() == 0


def test_without_javascript_the_box_is_a_plain_search_box(demo_site, playwright_browser):
    context = playwright_browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_site.url + "/technology/")
    box = page.locator("#site-search")
    assert box.get_attribute("type") == "search"
    assert box.get_attribute("role") is None
    box.focus()
    page.keyboard.type("open sou")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert search_params(page) == {"blog": ["technology"], "q": ["open sou"]}
    context.close()


def test_suggestions_run_under_the_strict_policy(demo_site, playwright_browser):
    context = playwright_browser.new_context()  # the site's policy applies (no bypass)
    page = context.new_page()
    problems = watch(page)
    page.goto(demo_site.url + "/technology/")
    open_suggestions(page, "#site-search", "open sou")
    # The component's stylesheet loaded, from this site.
    menu = page.locator("#site-search__listbox")
    assert menu.evaluate("el => getComputedStyle(el).position") == "absolute"
    assert violations(page) == []
    # Script errors and CSP reports (the demo's media files are not served in tests).
    assert [p for p in problems if not p.startswith("Failed to load resource")] == []
    context.close()


def test_typing_before_the_script_runs_keeps_the_focus_and_the_text(demo_site, browser_page):
    page = browser_page
    # The suggestions' module is held back, so the reader starts in the plain box.
    held = []
    page.route("**/search/suggest.js", lambda route: held.append(route))
    page.goto(demo_site.url + "/technology/")
    page.focus("#site-search")
    page.keyboard.type("stakeholder")
    page.wait_for_function("() => document.readyState === 'complete'")
    while not held:
        page.wait_for_timeout(50)
    held[0].continue_()
    enhanced(page, "#site-search")
    page.keyboard.type(" buy-in")
    assert page.evaluate("document.activeElement.id") == "site-search"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert search_params(page) == {"blog": ["technology"], "q": ["stakeholder buy-in"]}
