"""The page cache (contentcache.pagecache): whole pages for anonymous readers, answered with
no database query, refreshed at once by every change readers could see, and never used for
anything personal (signed in, previews, sign-off, admin, POSTs, messages, cookies)."""

import re
import time

import pytest

from django.contrib.auth.models import Group
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory

from wagtail.models import PageViewRestriction, Site

from comments.models import ReaderComment
from contentcache import content, pagecache
from demo import build
from demo.factories import (
    change_blog_settings,
    make_category,
    make_person,
    make_post,
    make_standard_page,
    make_user,
)
from home.models import NetworkSettings
from tests.comments.base import add_comment

SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Permissions-Policy",
    "X-Frame-Options",
)


@pytest.fixture
def post(blog):
    return make_post(
        blog,
        "Open source security",
        categories=[make_category("Open Source")],
        body=[build.paragraph("<p>The first words.</p>")],
    )


def get(client, url, **headers):
    return client.get(url, headers=headers)


def warm(client, url):
    """Fetch `url` until it is a hit; its text."""
    first = client.get(url)
    assert first.status_code == 200, url
    assert first["X-Page-Cache"] == "miss", url
    second = client.get(url)
    assert second["X-Page-Cache"] == "hit", url
    assert second.content == first.content
    return second.content.decode()


def publish_body(post, text):
    draft = post.get_latest_revision_as_object()
    draft.body = [build.paragraph(f"<p>{text}</p>")]
    draft.save_revision().publish()


# Hits -----------------------------------------------------------------------------------


def test_a_hit_needs_no_database_query(client, blog, post, django_assert_num_queries):
    for url in (post.url, blog.url, "/", f"{blog.url}feed/atom/", "/search/?q=security"):
        warm(client, url)
        with django_assert_num_queries(0):
            response = client.get(url)
        assert response["X-Page-Cache"] == "hit", url


def test_a_hit_carries_the_security_headers(client, post):
    miss = client.get(post.url)
    hit = client.get(post.url)
    assert hit["X-Page-Cache"] == "hit"
    for name in SECURITY_HEADERS:
        assert hit[name] == miss[name], name
    assert "script-src 'self'" in hit["Content-Security-Policy"]
    assert "nonce" not in hit["Content-Security-Policy"]


def count_cache_reads(monkeypatch):
    """The keys read from the shared cache from now on."""
    asked = []
    get, get_many = cache.get, cache.get_many

    def counted_get(key, *args, **kwargs):
        asked.append(key)
        return get(key, *args, **kwargs)

    def counted_get_many(keys, *args, **kwargs):
        asked.extend(keys)
        return get_many(keys, *args, **kwargs)

    monkeypatch.setattr(cache, "get", counted_get)
    monkeypatch.setattr(cache, "get_many", counted_get_many)
    return asked


def test_a_hit_reads_only_the_content_version_from_the_cache(client, blog, monkeypatch):
    # The page itself is kept in the process's memory too: one small round trip to Redis,
    # not a second one carrying the whole page (a feed of 20 posts is 260 KB).
    url = f"{blog.url}feed/atom/"
    first = warm(client, url)
    asked = count_cache_reads(monkeypatch)
    response = client.get(url)
    assert response["X-Page-Cache"] == "hit"
    assert response.content.decode() == first
    assert asked == [content.VERSION_KEY]


def test_another_process_serves_the_shared_entry(client, post, monkeypatch):
    first = warm(client, post.url)
    pagecache.local.clear()  # as in a process that did not build or read it yet
    asked = count_cache_reads(monkeypatch)
    assert client.get(post.url)["X-Page-Cache"] == "hit"
    assert len(asked) == 2  # the version, then the page
    response = client.get(post.url)
    assert response["X-Page-Cache"] == "hit"
    assert response.content.decode() == first
    assert len(asked) == 3  # kept in memory since


def test_the_local_copies_are_bounded_and_short_lived(client, blog, post, monkeypatch):
    pagecache.local.clear()
    for url in (post.url, blog.url):
        warm(client, url)
    # What each takes there: the body and its gzip copy.
    sizes = sorted(size for _expires, size, _entry in pagecache.local.entries.values())
    assert len(sizes) == 2
    monkeypatch.setattr(pagecache.local, "max_bytes", sizes[1] + sizes[0] // 2)  # one fits
    pagecache.local.clear()
    asked = count_cache_reads(monkeypatch)
    assert client.get(blog.url)["X-Page-Cache"] == "hit"
    assert client.get(post.url)["X-Page-Cache"] == "hit"  # and the blog is pushed out
    assert len(pagecache.local.entries) == 1
    assert client.get(blog.url)["X-Page-Cache"] == "hit"
    assert len(asked) == 6  # each read from the shared cache
    assert client.get(blog.url)["X-Page-Cache"] == "hit"
    assert len(asked) == 7  # from memory
    now = time.monotonic()
    monkeypatch.setattr(time, "monotonic", lambda: now + pagecache.LOCAL_SECONDS + 1)
    assert client.get(blog.url)["X-Page-Cache"] == "hit"
    assert len(asked) == 9  # expired here, read again


def test_a_hit_says_its_length(client, blog):
    # Else the server sends it in chunks (gunicorn): a copy of the body and a third write.
    url = f"{blog.url}feed/atom/"
    miss = client.get(url)
    hit = client.get(url)
    assert hit["X-Page-Cache"] == "hit"
    assert hit["Content-Length"] == miss["Content-Length"] == str(len(hit.content))


def test_head_is_answered_from_the_cache(client, post):
    warm(client, post.url)
    response = client.head(post.url)
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "hit"


def test_hosts_and_schemes_have_their_own_entries(client, post):
    warm(client, post.url)
    assert client.get(post.url, headers={"host": "localhost"})["X-Page-Cache"] == "miss"
    assert client.get(post.url, secure=True)["X-Page-Cache"] == "miss"


def test_off_it_stores_nothing(client, settings, post):
    settings.BULLETIN_PAGE_CACHE = False
    client.get(post.url)
    response = client.get(post.url)
    assert "X-Page-Cache" not in response
    assert response["Cache-Control"].startswith("public")  # the HTTP headers stay


def test_an_unreachable_cache_serves_pages_from_the_database(client, post, monkeypatch):
    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: None)
    monkeypatch.setattr(cache, "add", lambda *args, **kwargs: None)
    for _ in range(2):
        response = client.get(post.url)
        assert response.status_code == 200
        assert "The first words." in response.content.decode()
        assert "X-Page-Cache" not in response


# Every change readers could see refreshes it ---------------------------------------------


def approve(comment):
    comment.status = ReaderComment.Status.APPROVED
    comment.save()


CHANGES = {
    "publish": lambda blog, post, other: publish_body(post, "Second thoughts."),
    "new post": lambda blog, post, other: make_post(blog, "A newer post"),
    "unpublish": lambda blog, post, other: post.unpublish(),
    "move": lambda blog, post, other: post.move(other, "last-child"),
    "delete": lambda blog, post, other: post.delete(),
    "comment approval": lambda blog, post, other: approve(
        add_comment(post, status=ReaderComment.Status.PENDING)
    ),
    "comment taken back": lambda blog, post, other: ReaderComment.objects.get(post=post).delete(),
    "network settings": lambda blog, post, other: NetworkSettings.load().save(),
    "blog comment settings": lambda blog, post, other: change_blog_settings(
        blog, "comment_settings", comments_open=False
    ),
    "person": lambda blog, post, other: make_person("Someone New"),
    "category": lambda blog, post, other: make_category("New topic"),
    "site": lambda blog, post, other: Site.objects.get().save(),
    "view restriction": lambda blog, post, other: PageViewRestriction.objects.create(
        page=post, restriction_type=PageViewRestriction.GROUPS
    ).groups.set([Group.objects.first()]),
}


@pytest.mark.parametrize("change", CHANGES)
def test_every_change_readers_could_see_refreshes_every_page(
    client, blog, other_blog, post, change
):
    if change == "comment taken back":
        add_comment(post, status=ReaderComment.Status.APPROVED)
    urls = [post.url, blog.url, "/", f"{blog.url}feed/atom/"]
    for url in urls:
        warm(client, url)
    CHANGES[change](blog, post, other_blog)
    for url in urls:
        response = client.get(url)
        assert response.get("X-Page-Cache") != "hit", (change, url)


def test_what_changed_is_shown_at_once(client, blog, post):
    warm(client, post.url)
    publish_body(post, "Second thoughts.")
    page = client.get(post.url).content.decode()
    assert "Second thoughts." in page
    assert "The first words." not in page


def test_an_approved_comment_is_shown_at_once_a_waiting_one_changes_nothing(client, post):
    warm(client, post.url)
    comment = add_comment(post, status=ReaderComment.Status.PENDING, body="Held back words.")
    assert client.get(post.url)["X-Page-Cache"] == "hit"  # a new comment waits unseen
    approve(comment)
    response = client.get(post.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Held back words." in response.content.decode()


def test_an_unpublished_post_is_gone_at_once(client, post):
    warm(client, post.url)
    post.unpublish()
    assert client.get(post.url).status_code == 404


def test_a_draft_or_preview_is_never_served_from_or_into_the_cache(client, post):
    warm(client, post.url)
    draft = post.get_latest_revision_as_object()
    draft.body = [build.paragraph("<p>An unpublished secret.</p>")]
    draft.save_revision()  # a draft: readers still see the published page, from the cache
    response = client.get(post.url)
    assert response["X-Page-Cache"] == "hit"
    assert "An unpublished secret." not in response.content.decode()
    cache.clear()
    preview = draft.make_preview_request()
    assert "An unpublished secret." in preview.content.decode()
    assert "X-Page-Cache" not in preview
    assert "public" not in preview["Cache-Control"]
    response = client.get(post.url)
    assert response["X-Page-Cache"] == "miss"  # the preview stored nothing
    assert "An unpublished secret." not in response.content.decode()


# Never cached ---------------------------------------------------------------------------


def test_signed_in_readers_never_get_or_fill_the_cache(client, post):
    editor = make_user("editor", is_superuser=True)
    client.force_login(editor)
    for _ in range(2):
        response = client.get(post.url)
        assert "X-Page-Cache" not in response
        assert "private" in response["Cache-Control"]
        assert "no-store" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]
        assert b"wagtail-userbar" in response.content
    client.logout()
    assert client.get(post.url)["X-Page-Cache"] == "miss"
    client.force_login(editor)
    response = client.get(post.url)  # cached now, but not for them
    assert "X-Page-Cache" not in response
    assert b"wagtail-userbar" in response.content


@pytest.mark.parametrize(
    "cookie", ["sessionid", "messages"], ids=["a session cookie", "messages waiting"]
)
def test_a_session_or_messages_cookie_bypasses_the_cache(client, post, cookie):
    warm(client, post.url)
    client.cookies[cookie] = "anything"
    response = client.get(post.url)
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]


def test_admin_sign_off_and_posts_are_private(client, post):
    for url in ("/admin/login/", "/sign-off/"):
        for _ in range(2):
            response = client.get(url)
            assert "X-Page-Cache" not in response, url
            assert "no-store" in response["Cache-Control"], url
            assert "public" not in response["Cache-Control"], url
    response = client.post(f"/comments/post/{post.pk}/", {})
    assert "X-Page-Cache" not in response
    assert "no-store" in response["Cache-Control"]


def test_a_post_never_reads_the_cache(client, post):
    warm(client, post.url)
    response = client.post(post.url, {})
    assert "X-Page-Cache" not in response


def test_health_checks_and_sign_up_forms_are_never_cached(client, blog):
    for url in ("/healthz/", "/readyz/", "/subscribe/", f"{blog.url}subscribe/"):
        client.get(url)
        assert "X-Page-Cache" not in client.get(url), url


def test_not_found_and_redirects_are_not_stored(client, post):
    for url in ("/no-such-page/", post.url.rstrip("/")):
        for _ in range(2):
            response = client.get(url)
            assert response.status_code in (301, 404)
            assert "X-Page-Cache" not in response, url


def test_a_login_restricted_page_is_not_cached(client, blog):
    page = make_standard_page(blog, "Staff only", "<p>Secret staff notes.</p>")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    for _ in range(2):
        response = client.get(page.url)
        assert response.status_code == 302
        assert "X-Page-Cache" not in response
        assert b"Secret staff notes." not in response.content


def test_responses_the_view_keeps_private_or_that_set_cookies_are_not_public():
    request = RequestFactory().get("/")
    assert pagecache.public_response(request, HttpResponse("x"))
    with_cookie = HttpResponse("x")
    with_cookie.set_cookie("csrftoken", "abc")
    assert not pagecache.public_response(request, with_cookie)
    for value in ("private", "no-store", "no-cache", "max-age=0", "public, max-age=0"):
        response = HttpResponse("x", headers={"Cache-Control": value})
        assert not pagecache.public_response(request, response), value
    assert not pagecache.public_response(request, HttpResponse("x", headers={"Vary": "Accept"}))
    assert pagecache.public_response(request, HttpResponse("x", headers={"Vary": "Cookie"}))
    assert not pagecache.public_response(request, HttpResponse("x", status=404))
    request.is_preview = True
    assert not pagecache.public_response(request, HttpResponse("x"))


# Query strings --------------------------------------------------------------------------


def test_searches_and_pages_of_listings_are_cached(client, blog, post):
    for url in ("/search/?q=open+source", "/search/?q=security&blog=technology", "/all-posts/"):
        warm(client, url)


def test_the_order_of_parameters_makes_no_new_entry(client, post):
    warm(client, "/search/?q=security&blog=technology")
    assert client.get("/search/?blog=technology&q=security")["X-Page-Cache"] == "hit"


def test_unknown_parameters_are_not_cached_and_still_reach_their_view(client, home, post):
    warm(client, "/")
    # /?p=<id> may be an old WordPress link to a post (importer), not the home page.
    for url in (f"/?p={post.pk}", "/?anything=1", "/?x=2"):
        for _ in range(2):
            assert "X-Page-Cache" not in client.get(url), url


def test_campaign_parameters_read_the_page_but_never_store_it(client, post):
    url = f"{post.url}?utm_source=twitter&fbclid=abc"
    assert "X-Page-Cache" not in client.get(url)  # not stored, with whatever they held
    assert client.get(post.url)["X-Page-Cache"] == "miss"
    hit = client.get(url)
    assert hit["X-Page-Cache"] == "hit"
    assert b"utm_source" not in hit.content


def test_random_queries_cannot_fill_the_cache(client, settings, post):
    settings.BULLETIN_PAGE_CACHE_MAX_QUERIES = 3
    for word in ("one", "two", "three", "four", "five"):
        client.get(f"/search/?q={word}")
    hits = [client.get(f"/search/?q={w}").get("X-Page-Cache") for w in ("one", "three", "five")]
    assert hits == ["hit", "hit", None]  # the fourth and fifth were not stored
    # The pages themselves are not limited, and a change starts the count again.
    warm(client, post.url)
    publish_body(post, "Changed.")
    warm(client, "/search/?q=five")


def test_the_comment_form_on_a_cached_page_has_no_csrf_token_or_cookie(client, post):
    page = warm(client, post.url)
    assert "csrfmiddlewaretoken" not in page
    response = client.get(post.url)
    assert not response.cookies
    assert re.search(r'name="token" value="[^"]+"', page)
