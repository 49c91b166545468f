"""What readers see on a blog, its archives and its posts (ANATOMY.md, "A post")."""

import datetime
from urllib.parse import quote

import pytest

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from contentcache import content
from demo.factories import make_category, make_person, make_post, make_technology_blog
from posts.models import BlogFeaturedPost
from tests.html import assert_csp_safe, soup

SEED_DATE = datetime.date(2017, 10, 10)


@pytest.fixture
def blog(home):
    """The blog with the description, organisations and location its header shows."""
    return make_technology_blog(
        home,
        short_description="How government uses technology.",
        organisations="Government Digital Service",
        location="London",
    )


@pytest.fixture
def khidr(db):
    return make_person(
        "Khidr Suleman",
        job_title="Technical Writer",
        organisation="Government Digital Service",
        bio="Writes about standards and assurance.",
    )


@pytest.fixture
def open_source(db):
    return make_category("Open Source")


@pytest.fixture
def post(blog, khidr, open_source):
    return make_post(
        blog,
        "Open Source security meetup: 7 things we learned from the cross-government event",
        slug="open-source-security-meetup",
        summary="Khidr Suleman attended the cross-government Open Source meetup.",
        date=SEED_DATE,
        authors=[khidr, make_person("Anna Shipman")],
        categories=[open_source, make_category("Security")],
        tags=["coding in the open"],
        body=[("paragraph", "<p>The second Open Source meetup took place.</p>")],
    )


def make_posts(blog, count, start=0, **fields):
    return [
        make_post(
            blog,
            f"Post {n}",
            slug=f"post-{n}",
            date=SEED_DATE + datetime.timedelta(days=n),
            **fields,
        )
        for n in range(start, start + count)
    ]


def count_queries(client, url):
    # What building the page costs: with the page cache, a second request costs none, and
    # with the content cache only the view restrictions (the page kept whole): so it is
    # counted as the first request after a change (a new content version).
    with override_settings(BULLETIN_PAGE_CACHE=False):
        client.get(url)  # warm the caches (site root paths, content types)
        content.replace_token(content.VERSION_KEY)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries)


# The blog's home page


def test_blog_page_lists_posts_with_cards(client, blog, post):
    response = client.get("/technology/")
    assert response.status_code == 200
    page = soup(response)
    assert page.h1.get_text(strip=True) == "Government Technology"
    assert "How government uses technology." in page.main.get_text()
    card = page.select_one("main .bulletin-card")
    assert card.h2.a["href"] == post.url
    assert card.time["datetime"] == "2017-10-10"
    assert card.time.get_text() == "10 October 2017"
    hrefs = [a["href"] for a in card.select(".bulletin-byline a")]
    assert "/technology/author/khidr-suleman/" in hrefs
    assert "/technology/category/open-source/" in hrefs
    assert "Khidr Suleman attended" in card.get_text()
    assert_csp_safe(page)


def test_blog_header_shows_organisations_and_location(client, blog):
    page = soup(client.get("/technology/"))
    service = page.select_one(".govuk-service-navigation__service-name a")
    assert service.get_text(strip=True) == "Government Technology"
    assert service["href"] == "/technology/"
    details = page.select_one(".bulletin-masthead__details").get_text(" ", strip=True)
    assert "Organisations Government Digital Service" in details
    assert "Location London" in details


def test_blog_pagination(client, blog):
    make_posts(blog, 11)
    first = soup(client.get("/technology/"))
    assert len(first.select("main .bulletin-card")) == 10
    pagination = first.select_one("nav.govuk-pagination")
    assert pagination.select_one("a[rel=next]")["href"] == "/technology/?page=2"
    assert not first.select('meta[name="robots"]')

    response = client.get("/technology/?page=2")
    assert response.status_code == 200
    second = soup(response)
    assert len(second.select("main .bulletin-card")) == 1
    assert second.select_one("a[rel=prev]")["href"] == "/technology/"
    current = second.select_one(".govuk-pagination__item--current a")
    assert current["aria-current"] == "page"
    assert current.get_text(strip=True) == "2"
    assert second.select_one('meta[name="robots"]')["content"] == "noindex"
    assert second.select_one('link[rel="canonical"]')["href"].endswith("/technology/?page=2")

    assert client.get("/technology/?page=3").status_code == 404
    assert client.get("/technology/?page=abc").status_code == 404


def test_sidebar_offers_alerts_categories_and_archives(client, blog, post):
    page = soup(client.get("/technology/"))
    aside = page.select_one("aside.govuk-grid-column-one-third")
    assert aside is not None
    alerts = aside.find("a", string=lambda s: s and "signing up to alerts" in s)
    assert alerts["href"] == "/technology/subscribe/"
    sign_up = client.get(alerts["href"])  # the alerts app's sign-up form, not a dead link
    assert sign_up.status_code == 200
    assert soup(sign_up).select_one("main h1").get_text(strip=True) == "Get email alerts"
    category_links = {a.get_text(strip=True): a["href"] for a in aside.select("a")}
    assert category_links["Open Source"] == "/technology/category/open-source/"
    assert category_links["Security"] == "/technology/category/security/"
    month = aside.select_one("details a")
    assert month.get_text(strip=True) == "October 2017"
    assert month["href"] == "/technology/2017/10/"
    for href in (category_links["Open Source"], month["href"]):
        assert client.get(href).status_code == 200


def test_sidebar_shows_featured_posts_on_the_blog_home(client, blog, post):
    BlogFeaturedPost.objects.create(blog=blog, post=post)
    assert "Featured" in soup(client.get("/technology/")).aside.get_text()
    assert "Featured" not in soup(client.get(post.url)).aside.get_text()


def test_featured_posts_are_those_readers_may_read_in_the_editors_order(
    client, home, blog, post, django_assert_num_queries
):
    from wagtail.models import PageViewRestriction

    from demo.factories import make_blog
    from posts.templatetags.posts_tags import featured_posts

    second, hidden, gone, moved = (make_post(blog, f"Featured {n}") for n in range(4))
    for order, featured in enumerate([second, hidden, gone, moved, post]):
        BlogFeaturedPost.objects.create(blog=blog, post=featured, sort_order=order)
    PageViewRestriction.objects.create(page=hidden, restriction_type="password", password="x")
    gone.unpublish()
    moved.move(make_blog(home, "Another blog"), pos="last-child")

    assert featured_posts(blog) == [second, post]
    with django_assert_num_queries(1):  # the few featured rows with their posts
        assert featured_posts(blog) == [second, post]
    titles = [a.get_text(strip=True) for a in soup(client.get(blog.url)).aside.select("a")]
    assert titles.index("Featured 0") < titles.index(post.title)
    assert not {"Featured 1", "Featured 2", "Featured 3"} & set(titles)


# Archives


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/technology/category/open-source/", "Category: Open Source"),
        ("/technology/author/khidr-suleman/", "Khidr Suleman"),
        ("/technology/tag/coding-in-the-open/", "Tag: coding in the open"),
        ("/technology/2017/", "Posts from 2017"),
        ("/technology/2017/10/", "Posts from October 2017"),
        ("/technology/2017/10/10/", "Posts from 10 October 2017"),
    ],
)
def test_archives_say_what_they_list(client, post, url, heading):
    response = client.get(url)
    assert response.status_code == 200
    page = soup(response)
    assert page.h1.get_text(strip=True) == heading
    assert page.select_one(".bulletin-count").get_text(strip=True) == "1 post"
    assert page.select_one("main .bulletin-card__title a")["href"] == post.url
    assert_csp_safe(page)


def test_archive_counts_every_post_and_noindexes_later_pages(client, blog, open_source):
    make_posts(blog, 12, categories=[open_source])
    first = soup(client.get("/technology/category/open-source/"))
    assert first.select_one(".bulletin-count").get_text(strip=True) == "12 posts"
    assert not first.select('meta[name="robots"]')
    second = soup(client.get("/technology/category/open-source/?page=2"))
    assert second.select_one('meta[name="robots"]')["content"] == "noindex"


def test_author_archive_introduces_the_person(client, post):
    page = soup(client.get("/technology/author/khidr-suleman/"))
    person = page.select_one(".bulletin-person").get_text(" ", strip=True)
    assert "Technical Writer, Government Digital Service" in person
    assert "Writes about standards and assurance." in person


@pytest.mark.parametrize(
    "url",
    [
        "/technology/category/no-such-category/",
        "/technology/category/unused/",
        "/technology/author/nobody/",
        "/technology/author/no-posts/",
        "/technology/tag/no-such-tag/",
        "/technology/2016/",
        "/technology/2017/11/",
        "/technology/2017/13/",
        "/technology/2017/02/30/",
    ],
)
def test_empty_or_unknown_archives_are_404(client, post, url):
    make_category("Unused")
    make_person("No Posts")
    response = client.get(url)
    assert response.status_code == 404
    assert b"govuk-header" in response.content


# A post


def test_post_page_follows_the_anatomy(client, post):
    response = client.get(post.url)
    assert response.status_code == 200
    page = soup(response)

    first = page.body.find(True)
    assert first.name == "a" and first.get_text() == "Skip to main content"
    assert first["href"] == "#main-content" and page.select_one("main#main-content")

    main = page.main
    assert main.h1.get_text(strip=True) == post.title

    byline = main.select_one(".bulletin-byline")
    assert byline.get_text(" ", strip=True).startswith(
        "Posted by: Khidr Suleman and Anna Shipman , Posted on: 10 October 2017 - Categories:"
    )
    hidden = [s.get_text(strip=True) for s in byline.select(".govuk-visually-hidden")]
    assert hidden == ["Posted on:", "Categories:"]
    assert byline.time["datetime"] == "2017-10-10"
    assert byline.time.get_text() == "10 October 2017"
    links = {a.get_text(strip=True): a["href"] for a in byline.select("a")}
    assert links == {
        "Khidr Suleman": "/technology/author/khidr-suleman/",
        "Anna Shipman": "/technology/author/anna-shipman/",
        "Open Source": "/technology/category/open-source/",
        "Security": "/technology/category/security/",
    }
    for href in links.values():
        assert client.get(href).status_code == 200

    standfirst = byline.find_next_sibling("p")
    assert "govuk-body-l" in standfirst["class"]
    assert standfirst.get_text(strip=True) == post.summary
    assert "The second Open Source meetup took place." in main.get_text()

    tags = main.select_one(".bulletin-tags")
    assert tags.get_text(" ", strip=True) == "Tags: coding in the open"
    assert client.get(tags.a["href"]).status_code == 200

    sharing = main.find("h2", string="Sharing and comments")
    assert sharing.find_next("h3").get_text(strip=True) == "Share this page"
    assert main.select_one("#comments") is not None
    assert_csp_safe(page)


def test_share_links_are_plain_encoded_links(client, post):
    page = soup(client.get(post.url))
    url = quote(post.full_url, safe="")
    title = quote(post.title, safe="")
    hrefs = {a.get_text(" ", strip=True): a for a in page.select(".bulletin-share a")}
    assert hrefs["Share by email"]["href"] == f"mailto:?subject={title}&body={url}"
    assert (
        hrefs["Share on X (formerly Twitter)"]["href"]
        == f"https://twitter.com/intent/tweet?url={url}&text={title}"
    )
    assert (
        hrefs["Share on Facebook"]["href"] == f"https://www.facebook.com/sharer/sharer.php?u={url}"
    )
    assert (
        hrefs["Share on LinkedIn"]["href"]
        == f"https://www.linkedin.com/sharing/share-offsite/?url={url}"
    )
    for link in hrefs.values():
        assert link["rel"] == ["noopener", "noreferrer"]
    # No third-party script: the only script is Bulletin's own module.
    scripts = page.find_all("script", type=lambda t: t != "application/ld+json")
    assert [s["src"] for s in scripts] == ["/static/js/bulletin.js"]


def test_post_meta_for_sharing_and_search_engines(client, post):
    head = soup(client.get(post.url)).head

    def meta(key):
        tag = head.find("meta", attrs={"property": key}) or head.find("meta", attrs={"name": key})
        return tag["content"]

    assert head.find("link", rel="canonical")["href"] == post.full_url
    assert meta("description") == post.summary
    assert meta("og:title") == post.title
    assert meta("og:description") == post.summary
    assert meta("og:url") == post.full_url
    assert meta("og:type") == "article"
    assert meta("twitter:card") == "summary"
    assert meta("article:published_time") == "2017-10-10"
    assert head.title.get_text() == f"{post.title} - Government Technology - GOV.UK blogs"


def test_previous_and_next_post_links(client, blog):
    older, middle, newer = make_posts(blog, 3)
    page = soup(client.get(middle.url))
    nav = page.select_one('nav[aria-label="Previous and next posts"]')
    assert nav.select_one("a[rel=prev]")["href"] == older.url
    assert nav.select_one("a[rel=next]")["href"] == newer.url


# Query counts do not grow with the content


def test_blog_page_query_count_is_fixed(client, blog, khidr, open_source):
    make_posts(blog, 3, authors=[khidr], categories=[open_source])
    few = count_queries(client, "/technology/")
    make_posts(
        blog,
        9,
        start=3,
        authors=[khidr, make_person("Anna Shipman")],
        categories=[open_source, make_category("Security")],
        tags=["security"],
    )
    many = count_queries(client, "/technology/")
    assert few == many
    # An author's page also reads the reference index for their talks and panels.
    assert count_queries(client, "/technology/category/open-source/") + 1 == count_queries(
        client, "/technology/author/khidr-suleman/"
    )


def test_post_page_query_count_does_not_grow_with_authors_or_categories(client, blog):
    one = make_post(
        blog,
        "One",
        date=SEED_DATE,
        authors=[make_person("A")],
        categories=[make_category("C1")],
    )
    three = make_post(
        blog,
        "Three",
        date=SEED_DATE,
        authors=[make_person(name) for name in ("A", "B", "C")],
        categories=[make_category(name) for name in ("C1", "C2", "C3")],
        tags=["x", "y", "z"],
    )
    assert count_queries(client, one.url) == count_queries(client, three.url)
