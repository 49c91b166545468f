"""WCAG 2.2 A/AA with axe-core, HTML validity with the Nu Html Checker, and the skip link."""

import json
import subprocess

import pytest

from tests.browser.conftest import ROOT

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
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def axe_violations(page):
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        f"{v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'][:3])})"
        for v in result["violations"]
    ]


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
    files = []
    for name, path in PAGES.items():
        browser_page.goto(demo_site.url + path)
        html = browser_page.evaluate("() => fetch(location.href).then(r => r.text())")
        target = tmp_path / f"{name.replace(' ', '-')}.html"
        target.write_text(html)
        files.append(str(target))
    result = subprocess.run(  # noqa: S603 - fixed command
        ["java", "-jar", str(VNU), "--format", "json", "--errors-only", *files],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [
        f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages
    ]
    assert errors == []


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
