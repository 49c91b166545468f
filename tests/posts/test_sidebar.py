"""A blog's sidebar links (posts.sidebar): kept per blog in the database, refreshed when
a change commits, and what pages show with or without the content cache."""

import datetime

import pytest

from django.contrib.auth.models import Group

from wagtail.models import PageViewRestriction

from contentcache import content
from demo.factories import make_category, make_post
from posts.models import BlogSidebar


def stored(blog):
    return BlogSidebar.objects.values("categories", "months").get(blog=blog)


@pytest.fixture
def post(blog, committed):
    with committed():
        return make_post(
            blog,
            "Open source security",
            date=datetime.date(2017, 10, 10),
            categories=[make_category("Open Source")],
        )


def test_publishing_stores_the_links(blog, post):
    assert stored(blog) == {
        "categories": [["Open Source", "open-source"]],
        "months": ["2017-10-01"],
    }


def test_unpublishing_and_a_new_post_refresh_them(blog, post, committed):
    with committed():
        make_post(
            blog, "Newer", date=datetime.date(2018, 1, 5), categories=[make_category("Data")]
        )
    assert stored(blog) == {
        "categories": [["Data", "data"], ["Open Source", "open-source"]],
        "months": ["2018-01-01", "2017-10-01"],
    }
    with committed():
        post.unpublish()
    assert stored(blog) == {"categories": [["Data", "data"]], "months": ["2018-01-01"]}


def test_a_renamed_or_unpublished_category_refreshes_them(blog, post, committed):
    category = post.categories.get()
    category.name = "Open code"
    with committed():
        category.save()
    assert stored(blog)["categories"] == [["Open code", "open-source"]]
    with committed():
        category.unpublish()
    assert stored(blog)["categories"] == []


def test_a_view_restriction_hides_a_posts_links(blog, post, committed):
    with committed():
        restriction = PageViewRestriction.objects.create(
            page=post, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.set([Group.objects.create(name="Staff")])
    assert stored(blog) == {"categories": [], "months": []}


@pytest.mark.parametrize("cache", [True, False], ids=["cold", "uncached"])
def test_pages_show_the_stored_links(client, settings, blog, post, cache):
    settings.BULLETIN_CONTENT_CACHE = cache
    settings.BULLETIN_PAGE_CACHE = False
    # Written behind the signals' back: what pages show comes from the row.
    BlogSidebar.objects.filter(blog=blog).update(
        categories=[["Stored topic", "stored-topic"]], months=["2016-03-01"]
    )
    content.replace_token(content.VERSION_KEY)
    page = client.get(post.url).content.decode()
    assert f'href="{blog.url}category/stored-topic/">Stored topic</a>' in page
    assert f'href="{blog.url}2016/03/">March 2016</a>' in page
    assert f'href="{blog.url}2017/10/"' not in page  # the byline still links its category


def test_without_a_row_the_links_come_from_the_posts(client, settings, blog, post):
    settings.BULLETIN_CONTENT_CACHE = False
    BlogSidebar.objects.all().delete()
    page = client.get(post.url).content.decode()
    assert f'href="{blog.url}category/open-source/">Open Source</a>' in page
    assert f'href="{blog.url}2017/10/">October 2017</a>' in page


def test_a_change_to_one_blog_works_out_only_that_blogs_links(
    blog, other_blog, post, committed, monkeypatch
):
    # A network of a few hundred blogs must not work out every sidebar on each publish.
    from posts import sidebar

    worked_out = []
    real = sidebar.work_out
    monkeypatch.setattr(sidebar, "work_out", lambda b: worked_out.append(b.pk) or real(b))
    with committed():
        make_post(other_blog, "Elsewhere", date=datetime.date(2019, 2, 1))
    assert worked_out == [other_blog.pk]
    assert stored(other_blog)["months"] == ["2019-02-01"]
    assert stored(blog)["months"] == ["2017-10-01"]


def test_a_post_moved_to_another_blog_refreshes_both(blog, other_blog, post, committed):
    with committed():
        post.move(other_blog, pos="last-child")
    assert stored(blog) == {"categories": [], "months": []}
    assert stored(other_blog) == {
        "categories": [["Open Source", "open-source"]],
        "months": ["2017-10-01"],
    }
