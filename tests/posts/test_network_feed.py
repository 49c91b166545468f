"""The network's feeds, /feed/ (RSS 2.0) and /feed/atom/ (Atom): every blog's posts."""

import datetime

import feedparser
import pytest

from wagtail.models import PageViewRestriction, Site

from demo.factories import make_person, make_post
from posts.feeds import FEED_LENGTH
from tests.html import soup

DAY = datetime.date(2020, 1, 1)


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    return response, feed


@pytest.fixture
def posts(blog, other_blog):
    """Posts of two blogs, on alternate days: the network's feed interleaves them."""
    author = make_person("Khidr Suleman")
    return [
        make_post(
            (blog, other_blog)[n % 2],
            f"Post {n}",
            date=DAY + datetime.timedelta(days=n),
            authors=[author],
            summary=f"Summary {n}.",
        )
        for n in range(4)
    ]


@pytest.mark.parametrize(
    ("url", "kind", "content_type"),
    [
        ("/feed/", "rss20", "application/rss+xml; charset=utf-8"),
        ("/feed/atom/", "atom10", "application/atom+xml; charset=utf-8"),
    ],
)
def test_every_blogs_posts_newest_first(client, posts, url, kind, content_type):
    response, feed = parse(client, url)
    assert response["Content-Type"] == content_type
    assert feed.version == kind
    assert feed.feed.title == "GOV.UK blogs"
    assert feed.feed.link == "http://testserver/"
    assert [entry.title for entry in feed.entries] == ["Post 3", "Post 2", "Post 1", "Post 0"]
    # Each entry links to its own blog's address, with its full content.
    assert feed.entries[0].link == posts[3].full_url
    assert "/data/2020/01/04/post-3/" in feed.entries[0].link
    assert "/technology/2020/01/03/post-2/" in feed.entries[1].link
    assert [author.name for author in feed.entries[0].authors] == ["Khidr Suleman"]
    assert feed.entries[0].summary == "Summary 3."


def test_the_feed_is_bounded(client, blog):
    for n in range(FEED_LENGTH + 2):
        make_post(blog, f"Post {n}", date=DAY + datetime.timedelta(days=n))
    _, feed = parse(client, "/feed/atom/")
    assert len(feed.entries) == FEED_LENGTH
    assert feed.entries[0].title == f"Post {FEED_LENGTH + 1}"


def test_drafts_and_restricted_posts_stay_out(client, blog, posts):
    make_post(blog, "Draft", date=DAY + datetime.timedelta(days=9), publish=False)
    PageViewRestriction.objects.create(page=posts[3], restriction_type=PageViewRestriction.LOGIN)
    _, feed = parse(client, "/feed/")
    assert [entry.title for entry in feed.entries] == ["Post 2", "Post 1", "Post 0"]


def test_an_empty_network_has_an_empty_feed(client, home):
    _, feed = parse(client, "/feed/atom/")
    assert feed.entries == []


@pytest.mark.parametrize("old", ["rss", "rss2"])
def test_old_rss_addresses_move_to_feed(client, home, old):
    response = client.get(f"/feed/{old}/")
    assert response.status_code == 301
    assert response["Location"] == "/feed/"


def test_other_methods_are_refused(client, home):
    assert client.post("/feed/").status_code == 405


def test_the_home_page_and_all_posts_announce_it(client, posts):
    head = soup(client.get("/")).head
    atom = head.find("link", rel="alternate", type="application/atom+xml")
    rss = head.find("link", rel="alternate", type="application/rss+xml")
    assert (atom["href"], atom["title"]) == ("/feed/atom/", "GOV.UK blogs")
    assert rss["href"] == "/feed/"
    all_posts = soup(client.get("/all-posts/")).head
    assert all_posts.find("link", rel="alternate", type="application/atom+xml")["href"] == (
        "/feed/atom/"
    )


def test_on_a_blogs_own_site_feed_is_the_blogs(client, settings, blog, posts):
    # technology.blog.example serves the blog at its root: /feed/ is its own feed there.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "technology.blog.example"]
    Site.objects.create(hostname="technology.blog.example", port=80, root_page=blog)
    response = client.get("/feed/atom/", HTTP_HOST="technology.blog.example")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.feed.title == "Government Technology"
    assert [entry.title for entry in feed.entries] == ["Post 2", "Post 0"]
