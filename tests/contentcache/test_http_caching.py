"""HTTP caching for a CDN (contentcache.pagecache): public pages say how long they may be
kept, with a strong ETag, Last-Modified and surrogate keys, and answer conditional GETs
with 304, from the cache or not; nothing personal is ever public. And the comment form on
a cached page keeps its defences."""

import hashlib
import re

import pytest

from django.core.cache import cache
from django.test import Client
from django.utils.http import http_date

from comments.models import ReaderComment
from demo import build
from demo.factories import make_post, make_user
from tests.comments.base import token


@pytest.fixture
def post(blog):
    return make_post(blog, "Open source security", body=[build.paragraph("<p>Words.</p>")])


@pytest.fixture
def cache_settings(settings):
    settings.BULLETIN_CACHE_MAX_AGE = 30
    settings.BULLETIN_CACHE_S_MAXAGE = 900
    settings.BULLETIN_CACHE_STALE_WHILE_REVALIDATE = 45
    return settings


def directives(response):
    return {d.strip() for d in response["Cache-Control"].split(",")}


def keys(response):
    return set(response["Surrogate-Key"].split())


@pytest.mark.parametrize("hit", [False, True], ids=["miss", "hit"])
def test_public_pages_say_how_long_they_may_be_kept(client, cache_settings, post, hit):
    if hit:
        client.get(post.url)
    response = client.get(post.url)
    assert response.get("X-Page-Cache") == ("hit" if hit else "miss")
    assert directives(response) == {
        "public",
        "max-age=30",
        "s-maxage=900",
        "stale-while-revalidate=45",
    }
    digest = hashlib.sha256(response.content).hexdigest()[:40]
    assert response["ETag"] == f'"{digest}"'  # strong: the body's hash
    assert response["Last-Modified"]
    assert "cookie" not in response.get("Vary", "").lower()
    assert not response.cookies


def test_surrogate_keys_name_the_post_blog_kind_and_site(client, blog, post):
    site = blog.get_site()
    expected = {
        post.url: {f"post-{post.pk}", f"blog-{blog.pk}", f"page-{post.pk}", f"site-{site.pk}"},
        blog.url: {f"blog-{blog.pk}", "listing", f"site-{site.pk}"},
        f"{blog.url}category/open-source/": set(),  # 404: no keys
        f"{blog.url}feed/atom/": {f"blog-{blog.pk}", "feed", f"site-{site.pk}"},
        "/": {"listing", f"site-{site.pk}"},
        "/all-posts/": {"listing"},
        "/search/?q=security": {"search"},
        "/feed/": {"feed"},
    }
    for url, wanted in expected.items():
        response = client.get(url)
        if response.status_code != 200:
            assert "Surrogate-Key" not in response, url
            continue
        assert wanted <= keys(response), (url, keys(response))
        assert set(response["Cache-Tag"].split(",")) == keys(response), url
        assert set(response["xkey"].split()) == keys(response), url
        # The same keys on a hit.
        assert keys(client.get(url)) == keys(response), url


@pytest.mark.parametrize("hit", [False, True], ids=["miss", "hit"])
def test_conditional_gets_are_answered_304(client, blog, post, hit):
    # A blog's page (a post's is built anew with a fresh comment form token each time).
    url = blog.url
    first = client.get(url)
    if not hit:
        cache.clear()  # a miss, built again: the same body, the same ETag
    etag = first["ETag"]
    response = client.get(url, headers={"if-none-match": etag})
    assert response.get("X-Page-Cache") == ("hit" if hit else "miss")
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert not response.content
    assert "public" in response["Cache-Control"]
    # (Last-Modified is when the page was built: a rebuilt page is newer than `first`.)
    response = client.get(url, headers={"if-modified-since": response["Last-Modified"]})
    assert response.status_code == 304
    # Another ETag, or an older date: the page.
    assert client.get(url, headers={"if-none-match": '"other"'}).status_code == 200
    older = http_date(0)
    assert client.get(url, headers={"if-modified-since": older}).status_code == 200


def test_a_change_changes_the_etag(client, post):
    etag = client.get(post.url)["ETag"]
    draft = post.get_latest_revision_as_object()
    draft.body = [build.paragraph("<p>New words.</p>")]
    draft.save_revision().publish()
    response = client.get(post.url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_nothing_personal_is_ever_public(client, post):
    editor = make_user("editor", is_superuser=True)
    anonymous = Client()
    responses = {
        "sign-off": anonymous.get("/sign-off/"),
        "comment post": anonymous.post(f"/comments/post/{post.pk}/", {"body": "x"}),
        "admin login": anonymous.get("/admin/login/"),
    }
    client.force_login(editor)
    responses["signed in page"] = client.get(post.url)
    responses["admin"] = client.get("/admin/")
    responses["preview"] = post.get_latest_revision_as_object().make_preview_request()
    for name, response in responses.items():
        cache_control = directives(response)
        assert "public" not in cache_control, name
        assert not any(d.startswith("s-maxage") for d in cache_control), name
        assert {"private", "no-store"} <= cache_control, name
        assert "Surrogate-Key" not in response, name


def test_errors_are_not_public(client, blog):
    for url in ("/no-such-page/", "/search/?q=" + "x" * 300):
        response = client.get(url)
        assert response.status_code in (400, 404)
        assert "public" not in response.get("Cache-Control", ""), url


# The comment form on a cached page -------------------------------------------------------


@pytest.fixture
def cached_form(client, settings, post):
    """The form's token, from a page served from the cache."""
    settings.COMMENTS_MIN_FILL_SECONDS = 0
    client.get(post.url)
    page = client.get(post.url)
    assert page["X-Page-Cache"] == "hit"
    return re.search(r'name="token" value="([^"]+)"', page.content.decode()).group(1)


def send(post, token_value, address="192.0.2.10", body="A comment from a cached page.", **h):
    browser = Client(enforce_csrf_checks=True, REMOTE_ADDR=address)
    headers = {"origin": "http://testserver", "sec-fetch-site": "same-origin", **h}
    data = {"body": body, "name": "Ada", "email": "ada@example.com", "website": ""}
    if token_value is not None:
        data["token"] = token_value
    return browser.post(f"/comments/post/{post.pk}/", data, headers=headers)


def test_a_real_comment_from_a_cached_page_is_accepted(cached_form, post):
    response = send(post, cached_form)
    assert response.status_code == 303
    assert ReaderComment.objects.get().body == "A comment from a cached page."
    # Another reader, with the same cached page, may comment too; the same one may not
    # send the same token again.
    assert send(post, cached_form, address="198.51.100.7", body="Another.").status_code == 303
    assert send(post, cached_form, body="Again from the first.").status_code == 400
    assert ReaderComment.objects.count() == 2


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "https://evil.example"},
        {"origin": "null"},
        {"sec-fetch-site": "cross-site", "origin": "https://evil.example"},
        {"sec-fetch-site": "same-site"},
    ],
)
def test_a_post_from_another_site_is_refused(cached_form, post, headers):
    response = send(post, cached_form, **headers)
    assert response.status_code == 403
    assert not ReaderComment.objects.exists()


def test_a_tampered_missing_or_foreign_token_is_refused(cached_form, post, blog):
    other = make_post(blog, "Another post")
    tampered = cached_form[:-3] + ("aaa" if not cached_form.endswith("aaa") else "bbb")
    for value in (tampered, None, "", token(other)):
        response = send(post, value)
        assert response.status_code == 400, value
    assert not ReaderComment.objects.exists()
