"""The blog's masthead in Chromium at 320 and 1280 px: its name and logo fit the screen,
its search box says which blog it searches and keeps to it, and the pages it is on (with
the writer's related links and the blog search results) pass axe-core and the Nu checker."""

import pytest

from tests.browser.checks import axe_violations, nu_html_errors

SEED_URL = (
    "/technology/2017/10/10/"
    "open-source-security-meetup-7-things-we-learned-from-the-cross-government-event/"
)
PICKED_URL = "/data/2025/02/04/using-synthetic-data-to-test-services-safely/"
PAGES = {
    "blog": "/technology/",
    "seed post": SEED_URL,
    "post with related links": PICKED_URL,
    "category": "/technology/category/open-source/",
    "blog search": "/search/?q=security&blog=technology",
}


@pytest.mark.parametrize("width", [320, 1280])
def test_masthead_fits_and_passes_axe(demo_site, browser_page, width):
    browser_page.set_viewport_size({"width": width, "height": 900})
    found = {}
    for name, path in PAGES.items():
        assert browser_page.goto(demo_site.url + path).status == 200, path
        # The search box is swapped for accessible-autocomplete's by a script imported
        # after the page's load event: measured mid-swap, the box has no size (CI once).
        browser_page.wait_for_load_state("networkidle")
        if name != "blog search":
            masthead = browser_page.locator("header .bulletin-masthead")
            logo = masthead.locator("img.bulletin-masthead__logo")
            blog_name = masthead.locator(".bulletin-masthead__name a")
            label = masthead.get_by_label("Search ")
            for part in (logo, blog_name, label):
                assert part.is_visible(), (name, width)
                box = part.bounding_box()
                assert box["x"] >= 0 and box["x"] + box["width"] <= width, (name, width, box)
            assert logo.get_attribute("alt") == blog_name.inner_text().strip()
            # The 160 px square logo is shown 80 px high, at any width.
            assert logo.bounding_box()["height"] == 80
        # The header (the masthead within it) never scrolls sideways. (The page as a whole
        # is the reflow test's: body images are another matter.)
        overflow = browser_page.evaluate(
            "() => { const h = document.querySelector('header');"
            " return Math.max(h.scrollWidth, h.getBoundingClientRect().right) - innerWidth; }"
        )
        assert overflow <= 0, (name, width, overflow)
        violations = axe_violations(browser_page)
        if violations:
            found[name] = violations
    assert found == {}


def test_related_links_come_before_related_posts(demo_site, browser_page):
    browser_page.goto(demo_site.url + PICKED_URL)
    section = browser_page.locator("article .bulletin-related-links").last
    assert section.locator("h2").inner_text() == "You may also be interested in"
    links = section.locator("a").all_inner_texts()
    assert links == [
        "Keeping secrets out of public repositories",
        "Open Source security meetup: 7 lessons",
        "Data Ethics Framework",
    ]
    section.get_by_role("link", name="Open Source security meetup: 7 lessons").click()
    assert browser_page.url == demo_site.url + SEED_URL


def test_search_one_blog_by_keyboard_then_widen(demo_site, browser_page):
    browser_page.set_viewport_size({"width": 320, "height": 900})
    browser_page.goto(demo_site.url + SEED_URL)
    box = browser_page.get_by_label("Search Government Technology")
    box.focus()
    box.press_sequentially("security")
    box.press("Enter")
    browser_page.wait_for_url("**/search/?*")
    assert "blog=technology" in browser_page.url
    results = browser_page.locator(".bulletin-results__item")
    assert results.count() > 0
    blogs = set(results.locator(".bulletin-secondary-text, .govuk-body-s").all_inner_texts())
    assert not any("Data in government" in text for text in blogs), blogs
    widen = browser_page.get_by_role("link", name="Search all blogs for “security”")
    widen.focus()
    browser_page.keyboard.press("Enter")
    browser_page.wait_for_url("**/search/?q=security")
    label = browser_page.locator("main label[for=search-q]").inner_text()
    assert label == "Search all blogs"


def test_nu_html_checker_finds_no_errors(demo_site, browser_page, tmp_path):
    assert nu_html_errors(browser_page, demo_site.url, PAGES, tmp_path) == []
