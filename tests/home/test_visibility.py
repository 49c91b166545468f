"""View restrictions are read once per request, and still keep private pages private."""

import datetime

import pytest

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

from demo.factories import make_category, make_post
from home import visibility
from tests.html import soup
from tests.plans import posts_under, query_plan

DAY = datetime.date(2020, 1, 1)


@pytest.fixture
def posts(blog):
    category = make_category("Security")
    return [
        make_post(blog, title, date=DAY, categories=[category], tags=["meetups"])
        for title in ("Public post", "Private post")
    ]


def titles(response):
    return [a.get_text(strip=True) for a in soup(response).select("main .bulletin-card__title a")]


def restriction_queries(client, url):
    # Building the page: served from the page cache it would read nothing.
    with (
        override_settings(BULLETIN_PAGE_CACHE=False),
        CaptureQueriesContext(connection) as queries,
    ):
        response = client.get(url)
    assert response.status_code == 200
    return [q for q in queries if "wagtailcore_pageviewrestriction" in q["sql"]]


def test_restricted_posts_stay_out_of_every_listing(client, blog, posts):
    public, private = posts
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    for url in (
        "/",
        "/technology/",
        "/technology/category/security/",
        "/technology/tag/meetups/",
        "/technology/2020/",
        "/all-posts/",
    ):
        assert titles(client.get(url)) == ["Public post"], url
    assert b"Private post" not in client.get("/technology/feed/").content
    response = client.get(private.url)
    assert response.status_code == 302
    assert "/_util/login/" in response["Location"]
    assert client.get(public.url).status_code == 200


def test_a_password_restriction_still_asks_for_the_password(client, blog, posts):
    PageViewRestriction.objects.create(page=posts[1], restriction_type="password", password="x")
    response = client.get(posts[1].url)
    assert response.status_code == 200
    assert b'name="password"' in response.content


def test_a_restricted_blog_hides_its_posts_everywhere(client, blog, posts):
    PageViewRestriction.objects.create(page=blog, restriction_type="login")
    assert titles(client.get("/all-posts/")) == []
    assert client.get("/technology/").status_code == 302
    assert client.get(posts[0].url).status_code == 302


@override_settings(BULLETIN_CONTENT_CACHE=False)
def test_restrictions_are_read_once_per_request_and_anew_for_the_next(client, blog, posts):
    client.get("/technology/")
    assert len(restriction_queries(client, "/technology/")) == 1
    assert len(restriction_queries(client, posts[0].url)) == 1
    PageViewRestriction.objects.create(page=posts[1], restriction_type="login")
    assert titles(client.get("/technology/")) == ["Public post"]


def test_with_the_content_cache_restrictions_are_read_once_per_content_version(
    client, blog, posts
):
    client.get(posts[1].url)
    assert restriction_queries(client, posts[1].url) == []  # the page kept whole, checked
    PageViewRestriction.objects.create(page=posts[1], restriction_type="login")
    response = client.get(posts[1].url)  # a new version: read again, and refused
    assert response.status_code == 302
    assert "/_util/login/" in response["Location"]
    assert titles(client.get("/technology/")) == ["Public post"]


def test_saving_a_restriction_forgets_the_memo(blog, posts):
    visibility.start_request()
    try:
        assert visibility.restrictions() == []
        restriction = PageViewRestriction.objects.create(page=posts[1], restriction_type="login")
        assert visibility.restrictions() == [(restriction.pk, posts[1].path)]
        restriction.delete()
        assert visibility.restrictions() == []
    finally:
        visibility.end_request()


@override_settings(BULLETIN_CONTENT_CACHE=False)
def test_outside_a_request_nothing_is_memoised(blog, posts):
    visibility.restrictions()
    with CaptureQueriesContext(connection) as queries:
        visibility.restrictions()
    assert len(queries) == 1


def test_outside_a_request_the_content_cache_sees_a_change_at_once(blog, posts):
    assert visibility.restrictions() == []
    with CaptureQueriesContext(connection) as queries:
        assert visibility.restrictions() == []
    assert len(queries) == 0  # kept under the content version
    restriction = PageViewRestriction.objects.create(page=posts[1], restriction_type="login")
    assert visibility.restrictions() == [(restriction.pk, posts[1].path)]
    restriction.delete()
    assert visibility.restrictions() == []


@override_settings(BULLETIN_CONTENT_CACHE=False)
def test_hidden_sections_are_restricted_pages_and_pages_not_live_with_pages_under_them(
    blog, posts
):
    restriction = PageViewRestriction.objects.create(page=posts[0], restriction_type="login")
    assert visibility.hidden_sections() == [(restriction.pk, posts[0].path, True)]
    blog.unpublish()
    found = sorted(visibility.hidden_sections(), key=lambda row: row[1])
    assert found == [(None, blog.path, False), (restriction.pk, posts[0].path, True)]
    assert visibility.path_is_hidden(posts[1].path)


def test_pages_not_live_with_pages_under_them_are_found_from_an_index(blog):
    # Read for every page built: from a small partial index (home/migrations/0003), not
    # by reading every page of the network. What must hold on any data is that the filter
    # alone can be answered by the index. The planner's statistics of a network (600
    # live posts under the blog) are given first: without any, its choice turned on
    # whatever autovacuum had last seen of the tests' pages, and once went to another index.
    posts_under(blog)
    pages = visibility.Page.objects.filter(live=False, numchild__gt=0, depth__gt=1)
    plan = query_plan(pages.values_list("path"), seqscan=False)
    assert "home_hidden_sections" in plan
