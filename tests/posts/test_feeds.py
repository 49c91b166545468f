"""Atom and RSS 2.0 feeds of a blog and of each category, author and tag."""

import datetime
import io
import re

import feedparser
import pytest

from django.core.management import call_command

from demo import build, seed
from demo.factories import (
    make_category,
    make_image,
    make_person,
    make_post,
)
from tests.html import soup

DAY = datetime.date(2020, 1, 1)
CONTENT_TYPES = {
    "atom": "application/atom+xml; charset=utf-8",
    "rss": "application/rss+xml; charset=utf-8",
}
# Each scope's address and its feed's title.
SCOPES = {
    "/technology/": "Government Technology",
    "/technology/category/open-source/": "Open Source - Government Technology",
    "/technology/author/khidr-suleman/": "Khidr Suleman - Government Technology",
    "/technology/author/liam-maxwell/": "Liam Maxwell - Government Technology",  # a speaker
    "/technology/tag/meetups/": "meetups - Government Technology",
}


@pytest.fixture
def post(blog):
    liam = make_person("Liam Maxwell")
    return make_post(
        blog,
        "Open Source security meetup",
        summary="A recap of the day.",
        date=DAY,
        authors=[make_person("Khidr Suleman"), make_person("Anna Shipman")],
        categories=[make_category("Open Source"), make_category("Security")],
        tags=["meetups"],
        body=[
            build.heading("New guidance", numbered=True),
            build.paragraph('<p>Read <a href="/about/">about us</a>.</p>'),
            build.speaker(liam, "<p>Liam spoke.</p>"),
            build.image(make_image(width=800, height=400, alt_text="The panel"), caption="Panel"),
        ],
    )


def parse(client, url, kind):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == CONTENT_TYPES[kind]
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, (url, feed.get("bozo_exception"))
    assert feed.version == ("atom10" if kind == "atom" else "rss20")
    return feed


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("kind", ["atom", "rss"])
def test_feeds_are_well_formed_with_full_entries(client, post, scope, kind):
    feed = parse(client, scope + ("feed/atom/" if kind == "atom" else "feed/"), kind)
    assert feed.feed.title == SCOPES[scope]
    assert feed.feed.link == "http://testserver" + scope
    [entry] = feed.entries
    assert entry.title == "Open Source security meetup"
    assert entry.link == post.full_url and entry.link.startswith("http://")
    assert [a.name for a in entry.authors] == ["Khidr Suleman", "Anna Shipman"]
    assert {tag.term for tag in entry.tags} == {"Open Source", "Security"}
    assert entry.published_parsed[:3] == (2020, 1, 1)
    if kind == "atom":  # RSS 2.0 items have no updated date
        assert entry.updated_parsed >= entry.published_parsed
    assert entry.summary == "A recap of the day."
    content = entry.content[0].value
    assert "New guidance" in content and "Liam spoke." in content
    links = re.findall(r'(?:href|src)="([^"]+)"', content)
    assert links and all(link.startswith(("http://", "https://")) for link in links)
    assert "http://testserver/about/" in links
    assert any(link.startswith("http://testserver/media/images/") for link in links)


def test_blog_and_post_pages_announce_their_feeds(client, post):
    blog_head = soup(client.get("/technology/")).head
    link = blog_head.find("link", rel="alternate", type="application/atom+xml")
    assert link["href"] == "/technology/feed/atom/"
    category_head = soup(client.get("/technology/category/open-source/")).head
    link = category_head.find("link", rel="alternate", type="application/atom+xml")
    assert link["href"] == "/technology/category/open-source/feed/atom/"
    assert link["title"] == "Open Source - Government Technology"
    post_head = soup(client.get(post.url)).head
    link = post_head.find("link", rel="alternate", type="application/atom+xml")
    assert link["href"] == "/technology/feed/atom/"
    assert client.get(link["href"]).status_code == 200


@pytest.mark.parametrize("old", ["rss", "rss2"])
def test_old_rss_addresses_move_to_feed(client, post, old):
    for scope in ("/technology/", "/technology/category/open-source/"):
        response = client.get(f"{scope}feed/{old}/")
        assert response.status_code == 301
        assert response["Location"] == f"{scope}feed/"


@pytest.mark.parametrize(
    "url",
    [
        "/technology/category/unused/feed/",
        "/technology/category/unused/feed/atom/",
        "/technology/category/no-such-category/feed/",
        "/technology/author/nobody/feed/atom/",
        "/technology/tag/no-such-tag/feed/",
        "/technology/feed/json/",
    ],
)
def test_empty_or_unknown_feeds_are_404(client, post, url):
    make_category("Unused")
    assert client.get(url).status_code == 404


def test_a_new_blog_has_an_empty_feed(client, blog):
    feed = parse(client, "/technology/feed/atom/", "atom")
    assert feed.entries == []


def test_drafts_and_other_blogs_stay_out_of_the_feed(client, blog, other_blog, post):
    make_post(other_blog, "Elsewhere", date=DAY)
    make_post(blog, "Draft", date=DAY, publish=False)
    feed = parse(client, "/technology/feed/", "rss")
    assert [e.title for e in feed.entries] == ["Open Source security meetup"]


def test_titles_are_escaped(client, blog):
    make_post(blog, 'Tags like <script>alert("x")</script> & more', date=DAY)
    for url, kind in (("/technology/feed/", "rss"), ("/technology/feed/atom/", "atom")):
        response = client.get(url)
        assert b"<script>" not in response.content
        assert b"&lt;script&gt;" in response.content
        assert parse(client, url, kind).entries[0].title == (
            'Tags like <script>alert("x")</script> & more'
        )


def test_seed_post_entry_carries_its_headings(client, db):
    call_command("load_demo", stdout=io.StringIO())
    feed = parse(client, "/technology/feed/atom/", "atom")
    [entry] = [e for e in feed.entries if e.title == seed.TITLE]
    content = entry.content[0].value
    for heading in (
        "New guidance for coding in the open",
        "Open code is not more or less secure than closed code",
        "More open source events are needed",
    ):
        assert heading in content
    assert [a.name for a in entry.authors] == ["Khidr Suleman"]


def test_absolutise_joins_every_kind_of_address_as_urljoin_does():
    # Root-relative addresses take a shortcut; the answer must not change.
    from urllib.parse import urljoin

    from posts.feeds import absolutise

    base = "https://blogs.example/technology/2017/10/10/post/"
    for value in [
        "/a/",
        "/a/../b",
        "/./x",
        "/a//b",
        "//cdn.example/x",
        "rel/x",
        "../up",
        "#top",
        "?page=2",
        "mailto:a@example.org",
        "https://x.example/a/../b",
    ]:
        assert absolutise(f'<a href="{value}">x</a>', base) == (
            f'<a href="{urljoin(base, value)}">x</a>'
        ), value


def test_absolutise_rewrites_only_the_addresses_of_links_and_pictures():
    from posts.feeds import absolutise

    html = (
        '<p class="govuk-body"><a class="govuk-link" href="/about/">About</a> '
        '<a href="https://example.org/a?b=1&amp;c=2">Away</a> <a>Nowhere</a></p>'
        '<picture><source srcset="/media/a.webp 480w, /media/b.webp 960w" type="image/webp">'
        '<img src="/media/a.png" alt="a &gt; b" srcset="/media/a.png 480w"></picture>'
        '<pre><code>&lt;a href="/not-a-link/"&gt;</code></pre><p data-src="/kept/">x</p>'
    )
    assert absolutise(html, "http://testserver/technology/") == (
        '<p class="govuk-body"><a class="govuk-link" href="http://testserver/about/">About'
        '</a> <a href="https://example.org/a?b=1&amp;c=2">Away</a> <a>Nowhere</a></p>'
        '<picture><source srcset="http://testserver/media/a.webp 480w, '
        'http://testserver/media/b.webp 960w" type="image/webp">'
        '<img src="http://testserver/media/a.png" alt="a &gt; b" '
        'srcset="http://testserver/media/a.png 480w"></picture>'
        '<pre><code>&lt;a href="/not-a-link/"&gt;</code></pre><p data-src="/kept/">x</p>'
    )
