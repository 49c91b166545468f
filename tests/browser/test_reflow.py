"""WCAG 2.2 1.4.10 Reflow: no public page scrolls sideways at 320, 768 or 1280 px.

Wide content (big pictures, tables, code) must fit its column or scroll inside a region
of its own; the page itself never does. Feeds are XML and are left out.
"""

import datetime

import pytest

from demo import build
from demo.factories import make_image, make_post
from posts.models import BlogPage
from tests.browser.checks import axe_violations, nu_html_errors, wider_than
from tests.browser.test_accessibility import SEED_URL

WIDTHS = (320, 768, 1280)

# The page's width, and the element reaching furthest right outside any scrolling region.
LONG_WORDS = "Supercalifragilisticexpialidocious-configuration-management-" * 3
WIDE_TABLE = [
    [f"Column {n} heading" for n in range(1, 11)],
    *[[f"{LONG_WORDS[:20]}{row}{col}" for col in range(10)] for row in range(4)],
]


def reflow_posts(blog):
    """Posts with the pictures and blocks that used to push pages sideways."""
    date = datetime.date(2024, 3, 1)
    large = make_image("Large photo", width=2400, height=1600, alt_text="A large photo")
    small = make_image("Small icon", width=120, height=80, alt_text="A small icon")
    portrait = make_image("Portrait", width=600, height=1800, alt_text="A tall portrait")
    captioned = make_image("Captioned", width=1200, height=675, alt_text="The panel on stage")
    gallery = [
        make_image(f"Gallery {n}", width=1600, height=900, alt_text=f"Photo {n} of the day")
        for n in range(1, 5)
    ]
    cases = {
        "large image": [build.image(large)],
        "small image": [build.image(small)],
        "portrait image": [build.image(portrait)],
        "captioned image": [
            build.image(captioned, caption=f"L-R {LONG_WORDS}", credit="A photographer")
        ],
        "gallery": [
            build.image(picture, caption=f"Photo {n}") for n, picture in enumerate(gallery)
        ],
        "table": [build.table(WIDE_TABLE, caption="Attendance by department and quarter")],
        "code and embed": [
            build.code(f"curl https://example.com/{LONG_WORDS}?q={LONG_WORDS}", "bash"),
            build.embed(f"https://video.example/{LONG_WORDS}", LONG_WORDS, provider="Video"),
            build.paragraph(f'<p>See <a href="https://example.com/">https://{LONG_WORDS}</a></p>'),
        ],
    }
    return {
        name: make_post(blog, f"Reflow: {name}", date=date, body=body).url
        for name, body in cases.items()
    }


@pytest.fixture
def reflow_pages(demo_site):
    posts = reflow_posts(BlogPage.objects.get(slug="technology"))
    return {
        "home": "/",
        "blog": "/technology/",
        "seed post": SEED_URL,
        **{f"post with {name}": url for name, url in posts.items()},
        "category": "/technology/category/open-source/",
        "tag": "/technology/tag/meetups/",
        "year archive": "/technology/2017/",
        "month archive": "/technology/2017/10/",
        "day archive": "/technology/2017/10/10/",
        "person": "/technology/author/khidr-suleman/",
        "all posts": "/all-posts/",
        "search results": "/search/?q=security",
        "search with no results": "/search/?q=zzzzqqq",
        "blog subscribe": "/technology/subscribe/",
        "network subscribe": "/subscribe/",
        "standard page": "/accessibility-statement/",
        "404 page": "/no-such-page/",
    }


@pytest.mark.parametrize("width", WIDTHS)
def test_no_public_page_is_wider_than_the_viewport(demo_site, reflow_pages, browser_page, width):
    too_wide = {}
    for name, path in reflow_pages.items():
        response = browser_page.goto(demo_site.url + path)
        expected = 404 if name == "404 page" else 200
        assert response.status == expected, f"{name} {path} answered {response.status}"
        if problem := wider_than(browser_page, width):
            too_wide[name] = problem
    assert too_wide == {}


def test_a_wide_table_scrolls_in_a_labelled_region_that_keyboards_reach(
    demo_site, reflow_pages, browser_page
):
    browser_page.set_viewport_size({"width": 320, "height": 800})
    browser_page.goto(demo_site.url + reflow_pages["post with table"])
    region = browser_page.get_by_role("region", name="Attendance by department and quarter")
    assert region.get_attribute("tabindex") == "0"
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    region.focus()
    browser_page.keyboard.press("ArrowRight")
    browser_page.wait_for_function(
        "el => el.scrollLeft > 0", arg=region.element_handle(), timeout=2000
    )


def test_the_new_posts_pass_axe_and_the_nu_html_checker(
    demo_site, reflow_pages, browser_page, tmp_path
):
    posts = {name: path for name, path in reflow_pages.items() if name.startswith("post with")}
    browser_page.set_viewport_size({"width": 320, "height": 800})
    found = {}
    for name, path in posts.items():
        browser_page.goto(demo_site.url + path)
        violations = axe_violations(browser_page)
        if violations:
            found[name] = violations
    assert found == {}
    assert nu_html_errors(browser_page, demo_site.url, posts, tmp_path) == []
