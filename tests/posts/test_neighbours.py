"""Related, previous and next posts worked out by the worker for a whole blog and kept per
post (posts.neighbours): the same posts the database gives, shown only while current, and
out of date from the moment a change to the blog's posts is made, not when the worker
catches up."""

import datetime
import re

import pytest

from wagtail.models import PageViewRestriction

from contentcache.pages import live_child
from demo import build
from demo.factories import make_blog, make_category, make_home, make_post
from posts import neighbours
from posts.models import BlogSidebar, PostNeighbours, PostPage
from tests.html import soup

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("built_pages")]

DAY = datetime.date(2020, 1, 1)


@pytest.fixture
def blog(committed):
    """A blog of posts sharing categories and tags in every way, some on the same day."""
    home = make_home()
    blog = make_blog(home, "Technology", slug="technology")
    security, cloud = make_category("Security"), make_category("Cloud")
    spec = [
        ("One", 0, [security], ["meetups"]),
        ("Two", 1, [security], []),
        ("Three", 1, [], ["meetups"]),
        ("Four", 2, [cloud], ["cloud"]),
        ("Five", 3, [security, cloud], []),
        ("Six", 3, [], []),
        ("Seven", 4, [security], ["meetups", "cloud"]),
        ("Eight", 5, [cloud], []),
    ]
    with committed():
        for title, days, categories, tags in spec:
            make_post(
                blog,
                title,
                date=DAY + datetime.timedelta(days=days),
                categories=categories,
                tags=tags,
            )
        two = PostPage.objects.get(slug="two")
        # "Nine" picks "Two" as a related link: shown above, so not again below.
        make_post(
            blog,
            "Nine",
            date=DAY + datetime.timedelta(days=6),
            categories=[security],
            related_links=[build.picked_post(two)],
        )
        make_post(blog, "Draft", date=DAY, categories=[security], publish=False)
    return blog


def routed(blog):
    """The blog as routing brings it (with its sidebar links and versions)."""
    return live_child(blog.get_parent(), blog.slug)


def pks(found):
    return (
        [p.pk for p in found["related"]],
        found["previous"] and found["previous"].pk,
        found["next"] and found["next"].pk,
    )


def kept(post, blog=None):
    post = PostPage.objects.get(pk=post.pk)
    authors, categories, tags = post.byline_parts()
    return neighbours.kept(post, blog or routed(post.blog), categories, tags)


def asked(post):
    post = PostPage.objects.get(pk=post.pk)
    _authors, categories, tags = post.byline_parts()
    return post.neighbours([c.pk for c in categories], [t.pk for t in tags])


def titles(client, post):
    page = soup(client.get(post.url))
    related = page.select_one("section.bulletin-related")
    return (
        [a.get_text(strip=True) for a in related.select("a")] if related else [],
        [a.get_text(" ", strip=True) for a in page.select("nav.govuk-pagination a")],
    )


def test_kept_neighbours_are_the_posts_the_database_gives(blog):
    posts = PostPage.objects.child_of(blog).live()
    assert posts.count() == 9
    for post in posts:
        assert kept(post) is not None, post.title
        assert pks(kept(post)) == pks(asked(post)), post.title
    # Newest first, sharing a category or tag; the post it picks ("Two") left out.
    assert [p.title for p in kept(PostPage.objects.get(slug="nine"))["related"]] == [
        "Seven",
        "Five",
        "One",
    ]
    # What the kept ones hold is what pages show: title, date and address.
    seven = PostPage.objects.get(slug="seven")
    found, database = kept(seven), asked(seven)
    assert [p.title for p in found["related"]] == [p.title for p in database["related"]]
    assert found["previous"].url == database["previous"].url
    assert found["next"].date == database["next"].date


def test_the_post_page_is_the_same_with_kept_neighbours(client, blog):
    post = PostPage.objects.get(slug="five")
    with_kept = client.get(post.url).content
    PostNeighbours.objects.all().delete()
    assert _without_tokens(with_kept) == _without_tokens(client.get(post.url).content)


def _without_tokens(html):
    # The comment form's signed token is made per request.
    return re.sub(rb'value="[^"]{40,}"', b"", html)


def test_the_page_shows_the_kept_neighbours(client, blog):
    post = PostPage.objects.get(slug="five")
    row = PostNeighbours.objects.get(pk=post.pk)
    row.links["previous"][1] = "Kept by the worker"
    row.save()
    assert any("Kept by the worker" in link for link in titles(client, post)[1])


def test_a_post_published_is_a_neighbour_at_once_and_kept_after_commit(client, blog, committed):
    nine = PostPage.objects.get(slug="nine")
    with committed():
        make_post(blog, "Ten", date=DAY + datetime.timedelta(days=7))
        # Before the worker: the page asks the database.
        assert kept(nine) is None
        assert any("Ten" in link for link in titles(client, nine)[1])
    assert pks(kept(nine)) == pks(asked(nine))
    assert kept(nine)["next"].title == "Ten"


def test_a_post_unpublished_or_restricted_is_no_longer_a_neighbour(client, blog, committed):
    five, six = PostPage.objects.get(slug="five"), PostPage.objects.get(slug="six")
    assert kept(five)["next"].title == "Six"
    with committed():
        six.unpublish()
        assert not any("Six" in link for link in titles(client, five)[1])
    assert kept(five)["next"].title != "Six"
    seven = PostPage.objects.get(slug="seven")
    with committed():
        PageViewRestriction.objects.create(page=seven, restriction_type="password", password="x")
        assert not any("Seven" in link for link in titles(client, five)[1])
    assert "Seven" not in [p.title for p in kept(five)["related"]] + [kept(five)["next"].title]


def test_a_preview_of_other_categories_asks_the_database(blog):
    post = PostPage.objects.get(slug="six")  # no categories or tags: no related posts
    security = make_category("Security")
    assert kept(post)["related"] == []
    assert neighbours.kept(post, routed(blog), [security], []) is None


def test_a_moved_blog_gives_the_kept_links_its_new_address(client, blog, committed):
    with committed():
        blog.slug = "tech"
        blog.save_revision().publish()
    five = PostPage.objects.get(slug="five")
    assert kept(five)["next"].url.startswith("/tech/")
    assert client.get(five.url).status_code == 200
    assert all(
        "/tech/" in a["href"] for a in soup(client.get(five.url)).select(".bulletin-related a")
    )


def test_a_change_while_the_worker_works_leaves_them_out_of_date(blog, monkeypatch):
    work_out = neighbours.work_out

    def racing(blog):
        found = work_out(blog)
        # An editor's change commits while the worker works.
        BlogSidebar.objects.filter(blog=blog).update(posts_version=999)
        return found

    monkeypatch.setattr(neighbours, "work_out", racing)
    PostNeighbours.objects.all().delete()
    neighbours.store(blog)
    row = BlogSidebar.objects.get(blog=blog)
    assert row.neighbours_version != row.posts_version
    assert not PostNeighbours.objects.exists()  # nothing kept for a version gone by
    assert kept(PostPage.objects.get(slug="five")) is None


def test_only_what_changed_is_written_again(blog):
    assert neighbours.store(blog) == 0
    PostNeighbours.objects.filter(post__slug="five").delete()
    assert neighbours.store(blog) == 1


def test_a_post_cached_before_the_worker_kept_its_neighbours_is_fetched_again(blog, settings, rf):
    # With the content cache, the blog and the post are cached apart: a post cached while
    # the worker was still working must not be paired with a blog cached after it, which
    # says the kept neighbours are current (the post's cache key holds that version).
    settings.BULLETIN_CONTENT_CACHE = True
    five = PostPage.objects.get(slug="five")
    path = [f"{five.date:%Y}", f"{five.date:%m}", f"{five.date:%d}", five.slug]
    before = routed(blog)
    first = before.route(rf.get(five.url), path).page
    assert first.kept_neighbours.links["next"][1] == "Six"
    PostNeighbours.objects.filter(pk=five.pk).update(
        links={**first.kept_neighbours.links, "next": [0, "Kept later", "later", None]}
    )
    after = routed(blog)
    after.sidebar_neighbours_version = (before.sidebar_neighbours_version or 0) + 1
    again = after.route(rf.get(five.url), path).page
    assert again.kept_neighbours.links["next"][1] == "Kept later"
