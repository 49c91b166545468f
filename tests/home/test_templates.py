"""The site shell (header, footer, error pages) and the network's own pages."""

import datetime
import posixpath

import pytest

from django.contrib.staticfiles import finders
from django.db import connection
from django.template import loader
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.views.defaults import server_error

from demo.factories import (
    make_category,
    make_data_blog,
    make_home,
    make_person,
    make_post,
    make_standard_page,
    make_technology_blog,
)
from home.models import NetworkSettings
from tests.html import assert_csp_safe, soup


@pytest.fixture(autouse=True)
def _build_every_page(settings):
    # These count what building a page costs: the page cache would answer with none.
    settings.BULLETIN_PAGE_CACHE = False


@pytest.fixture
def home(db):
    return make_home(introduction="Blogs from across government.")


@pytest.fixture
def blogs(home):
    return [
        make_technology_blog(
            home,
            short_description="How government uses technology.",
            organisations="Government Digital Service",
        ),
        make_data_blog(home, organisations="Office for Statistics"),
    ]


@pytest.fixture
def policy_pages(home):
    pages = {
        field: make_standard_page(home, title, "<p>Text.</p>", slug=slug)
        for field, title, slug in [
            ("accessibility_page", "Accessibility statement", "accessibility-statement"),
            ("cookies_page", "Cookies", "cookies"),
            ("privacy_page", "Privacy", "privacy"),
            ("comments_policy_page", "Comments policy", "comments-and-moderation-policy"),
        ]
    }
    network = NetworkSettings.load()
    for field, page in pages.items():
        setattr(network, field, page)
    network.save()
    return pages


def make_posts(blog, count, start=0):
    person, category = make_person("Khidr Suleman"), make_category("Open Source")
    return [
        make_post(
            blog,
            f"Post {n}",
            slug=f"post-{n}",
            date=datetime.date(2020, 1, 1) + datetime.timedelta(days=n),
            authors=[person, make_person(f"Writer {n}")],
            categories=[category, make_category(f"Topic {n}")],
        )
        for n in range(start, start + count)
    ]


def test_home_lists_blogs_and_latest_posts(client, blogs):
    technology, data = blogs
    make_posts(technology, 4)
    newest = make_post(data, "Counting things", date=datetime.date(2024, 5, 1))
    response = client.get("/")
    assert response.status_code == 200
    page = soup(response)
    assert page.h1.get_text(strip=True) == "GOV.UK blogs"
    assert "Blogs from across government." in page.main.get_text()

    blog_list = page.select_one(".bulletin-blog-list")
    assert [a["href"] for a in blog_list.select("a")] == ["/technology/", "/data/"]
    assert "How government uses technology." in blog_list.get_text()
    assert "Government Digital Service" in blog_list.get_text()

    cards = page.select(".bulletin-post-list .bulletin-card")
    assert len(cards) == 5
    assert cards[0].h3.a["href"] == newest.url
    assert cards[0].select_one(".bulletin-card__blog").get_text(strip=True) == data.title
    assert cards[1].select_one(".bulletin-card__blog").get_text(strip=True) == technology.title
    author = cards[1].select_one(".bulletin-byline a")
    assert author["href"] == "/technology/author/khidr-suleman/"
    assert client.get(author["href"]).status_code == 200
    assert_csp_safe(page)


def test_home_shows_six_latest_posts_at_most(client, blogs):
    make_posts(blogs[0], 7)
    assert len(soup(client.get("/")).select(".bulletin-card")) == 6


def count_queries(client, url):
    client.get(url)  # warm the caches (site root paths, content types)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_home_query_count_does_not_grow_with_posts(client, blogs, policy_pages):
    make_posts(blogs[0], 2)
    make_posts(blogs[1], 1, start=2)
    few = count_queries(client, "/")
    make_posts(blogs[0], 5, start=3)
    make_posts(blogs[1], 4, start=8)
    assert count_queries(client, "/") == few


def test_every_page_starts_with_the_skip_link_and_loads_the_module(client, blogs):
    page = soup(client.get("/"))
    assert page.html["class"] == ["govuk-template", "govuk-template--rebranded"]
    assert page.html["lang"] == "en"
    first = page.body.find(True)
    assert first.get_text() == "Skip to main content"
    assert "govuk-skip-link" in first["class"]
    assert page.select_one("main#main-content") is not None
    script = page.body.find_all(True)[-1]
    assert script.name == "script"
    assert script["type"] == "module"
    assert script["src"] == "/static/js/bulletin.js"


def test_the_module_imports_govuk_frontend_from_where_it_is_served():
    with open(finders.find("js/bulletin.js")) as module:
        source = module.read()
    assert 'from "../govuk/govuk-frontend.min.js"' in source
    assert "govuk-frontend-supported" in source and "js-enabled" in source
    assert "initAll()" in source
    target = posixpath.normpath(posixpath.join("js", "../govuk/govuk-frontend.min.js"))
    assert finders.find(target)


def test_header_links_home_and_names_the_network(client, blogs):
    page = soup(client.get("/"))
    assert page.select_one(".govuk-header__homepage-link")["href"] == "/"
    service = page.select_one(".govuk-service-navigation__service-name a")
    assert service.get_text(strip=True) == "GOV.UK blogs"
    search = page.select_one('header form[role="search"]')
    assert search["action"] == "/search/" and search["method"] == "get"
    assert search.select_one("input")["name"] == "q"
    assert "govuk-visually-hidden" in search.label["class"]


# With and without the content cache: menus and footer pages are read another way.
CACHE_MODES = pytest.mark.parametrize("cached", [True, False], ids=["content-cache", "no-cache"])


@CACHE_MODES
def test_pages_in_menus_appear_in_the_service_navigation(client, home, cached, settings):
    settings.BULLETIN_CONTENT_CACHE = cached
    about = make_standard_page(home, "About", "<p>About us.</p>", show_in_menus=True)
    page = soup(client.get(about.url))
    item = page.select_one(".govuk-service-navigation__list a")
    assert item["href"] == "/about/"
    assert item["aria-current"] == "page"


def test_footer_has_licence_and_copyright(client, home):
    footer = soup(client.get("/")).select_one("footer .govuk-footer")
    text = footer.get_text(" ", strip=True)
    assert "Open Government Licence v3.0" in text
    assert "© Crown copyright" in text
    assert not footer.select(".govuk-footer__inline-list")  # no policy pages chosen yet


@CACHE_MODES
def test_footer_links_to_the_policy_pages(client, home, policy_pages, cached, settings):
    settings.BULLETIN_CONTENT_CACHE = cached
    footer = soup(client.get("/")).select_one("footer .govuk-footer__inline-list")
    links = {a.get_text(strip=True): a["href"] for a in footer.select("a")}
    assert links == {
        "Accessibility statement": "/accessibility-statement/",
        "Cookies": "/cookies/",
        "Privacy": "/privacy/",
        "Comments and moderation policy": "/comments-and-moderation-policy/",
    }
    for href in links.values():
        assert client.get(href).status_code == 200


def test_footer_pages_come_with_the_settings(client, home, policy_pages):
    with_links = count_queries(client, "/")
    NetworkSettings.objects.update(
        accessibility_page=None, cookies_page=None, privacy_page=None, comments_policy_page=None
    )
    # The four pages are joined to the settings' own query: the links cost nothing more.
    assert count_queries(client, "/") == with_links


def test_notice_banner_can_be_switched_on(client, home):
    assert not soup(client.get("/")).select(".govuk-notification-banner")
    network = NetworkSettings.load()
    network.banner_enabled = True
    network.banner_text = "Tell us what you think of these blogs"
    network.banner_link = "https://example.com/survey"
    network.save()
    banner = soup(client.get("/")).select_one(".govuk-notification-banner")
    assert banner.a["href"] == "https://example.com/survey"
    assert banner.a.get_text(strip=True) == "Tell us what you think of these blogs"


def test_standard_page(client, home):
    page = make_standard_page(
        home,
        "Accessibility statement",
        "<h2>Using this website</h2><p>We want as many people as possible to use it.</p>",
        summary="How accessible these blogs are.",
        last_reviewed=datetime.date(2025, 3, 4),
    )
    response = client.get(page.url)
    assert response.status_code == 200
    html = soup(response)
    assert html.h1.get_text(strip=True) == "Accessibility statement"
    lead = html.main.select_one(".govuk-body-l")
    assert lead.get_text(strip=True) == "How accessible these blogs are."
    assert html.main.find("h2", string="Using this website")
    reviewed = html.main.find("time")
    assert reviewed["datetime"] == "2025-03-04"
    assert reviewed.parent.get_text(" ", strip=True) == "Last reviewed: 4 March 2025"
    assert html.head.find("meta", attrs={"name": "description"})["content"] == (
        "How accessible these blogs are."
    )
    assert_csp_safe(html)


def test_search_page(client, blogs):
    make_post(blogs[0], "Open source security", summary="What we learned.")
    response = client.get("/search/?q=security")
    assert response.status_code == 200
    page = soup(response)
    assert page.head.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    label = page.main.find("label")
    assert label.get_text(strip=True) == "Search all blogs"
    assert page.find(id=label["for"])["name"] == "q"
    assert len(page.select('form[role="search"]')) == 1  # the header's box is left out
    result = page.select_one(".bulletin-results__item")
    assert result.a.get_text(" ", strip=True) == "Open source security"  # "security" marked
    assert "What we learned." in result.get_text()
    assert_csp_safe(page)

    empty = soup(client.get("/search/?q=zebra"))
    assert "There are no matching posts for “zebra”" in empty.main.get_text()
    assert client.get("/search/").status_code == 200


def test_404_is_a_styled_page(client, home):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = soup(response)
    assert page.select_one(".govuk-header") is not None
    assert page.h1.get_text(strip=True) == "Page not found"
    assert page.main.find("a", string="GOV.UK blogs home page")["href"] == "/"
    assert_csp_safe(page)


def test_500_renders_without_context_or_database():
    # No `db` fixture: pytest-django fails any database access here.
    html = loader.get_template("500.html").render({})
    page = soup(type("Response", (), {"content": html.encode()}))
    assert page.h1.get_text(strip=True) == "Sorry, there is a problem with the service"
    assert page.body.find(True).get_text() == "Skip to main content"
    stylesheet = page.select_one("link[rel=stylesheet]")["href"]
    assert stylesheet == "/static/govuk/govuk-frontend.min.css"
    assert_csp_safe(page)


def test_500_through_djangos_handler():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/technology/",
        "/technology/category/open-source/",
        "/technology/author/khidr-suleman/",
        "/technology/2020/01/",
        "/search/?q=post",
        "/accessibility-statement/",
        "/missing/",
    ],
)
def test_no_inline_script_or_style_anywhere(client, blogs, policy_pages, url):
    posts = make_posts(blogs[0], 2)
    NetworkSettings.objects.update(banner_enabled=True, banner_text="Have your say")
    assert_csp_safe(soup(client.get(url)))
    assert_csp_safe(soup(client.get(posts[0].url)))
