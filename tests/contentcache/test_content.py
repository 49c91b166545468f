"""The content cache: whatever readers could see changes at once, for every kind of
change; previews never reach it; pages still render when the cache is unreachable."""

import pytest

from django.contrib.auth.models import Group
from django.core.cache import cache

from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction, Site

from comments.models import ReaderComment
from contentcache import content
from demo import build
from demo.factories import (
    make_category,
    make_image,
    make_person,
    make_post,
    make_standard_page,
)
from home.models import NetworkSettings
from tests.comments.base import add_comment


@pytest.fixture
def speaker(db):
    return make_person("Liam Maxwell")


@pytest.fixture
def post(blog, speaker):
    return make_post(
        blog,
        "Open source security",
        authors=[speaker],
        categories=[make_category("Open Source")],
        body=[
            build.paragraph("<p>The first words.</p>"),
            build.speaker(speaker, "<p>A talk.</p>"),
        ],
    )


def text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def publish_body(post, *blocks):
    draft = post.get_latest_revision_as_object()
    draft.body = list(blocks)
    draft.save_revision().publish()


def test_a_published_edit_shows_at_once(client, post):
    assert "The first words." in text(client, post.url)
    publish_body(post, build.paragraph("<p>Second thoughts.</p>"))
    page = text(client, post.url)
    assert "Second thoughts." in page
    assert "The first words." not in page


def test_feeds_follow_publishing(client, blog, post):
    assert "Open source security" in text(client, "/technology/feed/")
    make_post(blog, "A newer post", authors=[make_person("Anna Shipman")])
    assert "A newer post" in text(client, "/technology/feed/")
    assert "A newer post" in text(client, "/technology/feed/atom/")


def test_the_sidebar_follows_new_categories(client, blog, post):
    # On the post's page only the sidebar lists categories of other posts.
    assert "Fresh topic" not in text(client, post.url)
    make_post(blog, "Another", categories=[make_category("Fresh topic")])
    assert "Fresh topic" in text(client, post.url)


def test_related_and_next_posts_follow_publishing(client, blog, post):
    assert "Related posts" not in text(client, post.url)
    newer = make_post(blog, "A newer post on open source", categories=post.categories.all())
    page = text(client, post.url)
    assert "Related posts" in page
    assert page.count(newer.title) == 2  # related, and the next post
    newer.unpublish()
    assert newer.title not in text(client, post.url)


def test_listings_follow_publishing(client, blog, post):
    for n in range(9):
        make_post(blog, f"Post {n}", date=post.date)
    assert "Post 8" in text(client, blog.url)
    assert client.get(f"{blog.url}?page=2").status_code == 404
    make_post(blog, "The eleventh post")
    first = text(client, blog.url)
    assert "The eleventh post" in first
    assert "?page=2" in first
    assert "Open source security" in text(client, f"{blog.url}?page=2")  # the oldest
    assert "The eleventh post" in text(client, f"{blog.url}?page=01")
    for bad in ("x", "0", "3", "-1"):
        assert client.get(f"{blog.url}?page={bad}").status_code == 404, bad


def test_comment_counts_on_cards_follow_moderation(client, blog, post):
    assert "1 comment" not in text(client, blog.url)
    comment = add_comment(post, status=ReaderComment.Status.PENDING)
    assert "1 comment" not in text(client, blog.url)
    comment.status = ReaderComment.Status.APPROVED
    comment.save()
    for url in (blog.url, "/", "/all-posts/"):
        assert "1 comment" in text(client, url), url


def test_unpublishing_a_blog_hides_it_at_once(client, blog, post):
    text(client, blog.url)
    blog.unpublish()
    assert client.get(blog.url).status_code == 404


def test_a_moved_slug_routes_at_once(client, blog, post):
    text(client, blog.url)
    draft = blog.get_latest_revision_as_object()
    draft.slug = "tech"
    draft.save_revision().publish()
    assert client.get("/technology/").status_code == 404
    assert "Open source security" in text(client, "/tech/")


def test_navigation_follows_menus(client, home, blog):
    page = make_standard_page(blog, "About this blog", "<p>About.</p>")
    assert "About this blog" not in text(client, blog.url)
    page.show_in_menus = True
    page.save_revision().publish()
    assert "About this blog" in text(client, blog.url)


def test_network_settings_show_at_once(client, blog):
    assert "Planned maintenance" not in text(client, blog.url)
    network = NetworkSettings.load()
    network.banner_enabled, network.banner_text = True, "Planned maintenance tonight"
    network.save()
    assert "Planned maintenance tonight" in text(client, blog.url)


def test_a_renamed_speaker_is_renamed_in_cached_bodies(client, blog):
    speaker = make_person("Anna Shipman")  # a speaker, not an author: named in the body only
    post = make_post(
        blog,
        "Talks",
        authors=[make_person("Khidr Suleman")],
        body=[build.speaker(speaker, "<p>A talk.</p>")],
    )
    assert "Anna Shipman" in text(client, post.url)
    speaker.name = "Anna Shipman-Jones"
    speaker.save()
    assert "Anna Shipman-Jones" in text(client, post.url)


def test_a_new_view_restriction_applies_at_once(client, home, blog, post):
    assert client.get(post.url).status_code == 200
    PageViewRestriction.objects.create(page=blog, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(post.url).status_code == 302  # to the sign-in page
    assert client.get(blog.url).status_code == 302


def test_a_preview_neither_reads_nor_fills_the_cache(client, post):
    assert "The first words." in text(client, post.url)  # cached now
    draft = post.get_latest_revision_as_object()
    draft.body = [build.paragraph("<p>An unpublished secret.</p>")]
    preview = draft.make_preview_request().content.decode()
    assert "An unpublished secret." in preview
    assert "The first words." not in preview
    cache.clear()
    draft.make_preview_request()  # an empty cache: a preview must not fill it
    page = text(client, post.url)
    assert "An unpublished secret." not in page
    assert "The first words." in page


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda post: make_person("Someone New"), id="person"),
        pytest.param(lambda post: make_category("New topic"), id="category"),
        pytest.param(lambda post: make_image("New picture"), id="image"),
        pytest.param(lambda post: NetworkSettings.load().save(), id="settings"),
        pytest.param(lambda post: Site.objects.get().save(), id="site"),
        pytest.param(lambda post: post.tags.add("new-tag"), id="tag"),
        pytest.param(
            lambda post: get_document_model().objects.create(title="Report", file="r.pdf"),
            id="document",
        ),
        pytest.param(
            lambda post: PageViewRestriction.objects.create(
                page=post, restriction_type=PageViewRestriction.GROUPS
            ).groups.set([Group.objects.first()]),
            id="restriction",
        ),
        pytest.param(lambda post: post.get_parent().move(post.get_parent()), id="move"),
        pytest.param(lambda post: post.delete(), id="deletion"),
    ],
)
def test_every_change_readers_could_see_replaces_the_version(post, change):
    before = content.current()
    change(post)
    assert content.current() != before


def test_saving_a_draft_keeps_the_cache(client, post):
    # Editors' autosave writes a revision every few seconds: readers see nothing of it.
    before = content.current()
    draft = post.get_latest_revision_as_object()
    draft.body = [build.paragraph("<p>Work in progress.</p>")]
    draft.save_revision()
    post.refresh_from_db()
    post.locked = True
    post.save(update_fields=["locked"])
    post.locked = False
    post.save(update_fields=["locked"])
    assert content.current() == before
    assert "Work in progress." not in text(client, post.url)
    publish_body(post, build.paragraph("<p>Work in progress.</p>"))
    assert content.current() != before
    assert "Work in progress." in text(client, post.url)


def test_the_version_is_replaced_again_when_the_change_commits(
    post, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish_body(post, build.paragraph("<p>Later.</p>"))
    after_save = content.current()
    assert callbacks  # the second replacement waits for the commit
    for callback in callbacks:
        callback()
    assert content.current() != after_save


def test_pages_render_when_the_cache_is_unreachable(client, settings, post, blog, monkeypatch):
    settings.CACHES = {
        alias: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
        for alias in ("default", "renditions")
    }
    assert content.current().startswith("unreachable-")
    assert content.current() != content.current()  # never one that something was stored under
    assert not content.reachable()

    # For a while, pages are built without asking the cache at all (each call to an
    # unreachable Redis would wait for its timeout).
    def no_cache(*args, **kwargs):
        raise AssertionError("the cache was asked")

    monkeypatch.setattr(content, "token", no_cache)
    for url in ("/", blog.url, post.url, "/technology/feed/", "/technology/category/open-source/"):
        assert client.get(url).status_code == 200, url
    monkeypatch.undo()

    monkeypatch.setattr(content, "_unreachable_until", 0.0)  # the while is over: ask again
    assert content.reachable()
    assert client.get(post.url).status_code == 200
    assert not content.reachable()  # still unreachable


def test_off_it_stores_nothing(client, settings, post, blog):
    settings.BULLETIN_CONTENT_CACHE = False
    cache.clear()
    for url in ("/", blog.url, post.url, "/technology/feed/"):
        assert client.get(url).status_code == 200, url
    publish_body(post, build.paragraph("<p>Later.</p>"))
    # Every cached part's key holds the version: without one, nothing was stored.
    assert cache.get(content.VERSION_KEY) is None


def test_a_request_writes_what_it_built_in_one_round_trip(
    client, post, monkeypatch, django_assert_num_queries, settings
):
    """A cold page builds a dozen parts: they are written together when the request ends
    (one set_many: one round trip to Redis), not one write each; the next request finds
    them all."""
    settings.BULLETIN_PAGE_CACHE = False  # the whole page is one more entry, written alone
    content.bump()
    written, batches = [], []
    real_set, real_set_many = cache.set, cache.set_many

    def set_one(key, *args, **kwargs):
        if not batching:  # the local memory cache's set_many calls set
            written.append(key)
        return real_set(key, *args, **kwargs)

    def set_many(data, *args, **kwargs):
        batches.append(list(data))
        batching.append(True)
        try:
            return real_set_many(data, *args, **kwargs)
        finally:
            batching.clear()

    batching = []

    monkeypatch.setattr(cache, "set", set_one)
    monkeypatch.setattr(cache, "set_many", set_many)
    assert "The first words." in text(client, post.url)
    assert not [key for key in written if key.startswith("content:")]
    assert len(batches) == 1
    assert len(batches[0]) >= 10  # routing, settings, byline, body, sidebar...
    parts = [key for key in batches[0] if not key.startswith("content-bundle:")]
    assert len(parts) == len(batches[0]) - 1  # and the address's bundle (prefetch)
    assert all(key.startswith(f"content:{content.current()}:") for key in parts)
    # Warm: the page whole (contentcache.serving), checked against the restrictions kept
    # under the same version: no query.
    with django_assert_num_queries(0):
        assert "The first words." in text(client, post.url)


def test_outside_a_request_a_part_is_written_at_once():
    calls = []
    value = content.cached("answer", 42, compute=lambda: calls.append(1) or "forty-two")
    assert value == "forty-two"
    assert content.cached("answer", 42, compute=lambda: calls.append(1) or "again") == value
    assert calls == [1]
