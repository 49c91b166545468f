"""WCAG 2.2 A/AA with axe-core, HTML validity with the Nu Html Checker, and the skip link."""

import pytest

from tests.browser.checks import axe_violations, nu_html_errors

SEED_URL = (
    "/technology/2017/10/10/"
    "open-source-security-meetup-7-things-we-learned-from-the-cross-government-event/"
)
PAGES = {
    "home": "/",
    "blog": "/technology/",
    "seed post": SEED_URL,
    "category": "/technology/category/open-source/",
    "author": "/technology/author/khidr-suleman/",
    "speaker": "/technology/author/liam-maxwell/",  # spoke at the meetup, wrote nothing
    "tag": "/technology/tag/meetups/",
    "month archive": "/technology/2017/10/",
    "all posts": "/all-posts/",
    "standard page": "/accessibility-statement/",
    "404 page": "/no-such-page/",
}


@pytest.mark.parametrize("width", [320, 1280])
def test_axe_finds_no_violations(demo_site, browser_page, width):
    browser_page.set_viewport_size({"width": width, "height": 900})
    found = {}
    for name, path in PAGES.items():
        response = browser_page.goto(demo_site.url + path)
        expected = 404 if name == "404 page" else 200
        assert response.status == expected, f"{name} {path} answered {response.status}"
        violations = axe_violations(browser_page)
        if violations:
            found[name] = violations
    assert found == {}


def test_nu_html_checker_finds_no_errors(demo_site, browser_page, tmp_path):
    assert nu_html_errors(browser_page, demo_site.url, PAGES, tmp_path) == []


def test_first_tab_focuses_the_skip_link_which_moves_focus_to_main(demo_site, browser_page):
    browser_page.goto(demo_site.url + SEED_URL)
    browser_page.keyboard.press("Tab")
    focused = browser_page.evaluate(
        "() => [document.activeElement.textContent.trim(), document.activeElement.className]"
    )
    assert focused[0] == "Skip to main content"
    assert "govuk-skip-link" in focused[1]
    browser_page.keyboard.press("Enter")
    assert (
        browser_page.evaluate(
            "() => document.activeElement.id || document.activeElement.closest('main')?.id"
        )
        == "main-content"
    )
