"""Gzip copies of page-cache entries (contentcache.compression): made once when a page is
stored, sent to clients that accept gzip, with their own ETag and `Vary: Accept-Encoding`
on both representations."""

import gzip

import pytest

from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory

from contentcache import compression, content, pagecache
from demo import build
from demo.factories import make_post, make_user

GZIP = {"accept-encoding": "gzip, deflate, br, zstd"}  # as a browser sends it


@pytest.fixture
def feed(blog):
    for number in range(3):
        make_post(blog, f"Post {number}", body=[build.paragraph("<p>Many words. </p>" * 50)])
    return f"{blog.url}feed/atom/"


@pytest.fixture
def post(blog):
    return make_post(blog, "Open source security", body=[build.paragraph("<p>Words.</p>")])


def varies_on(response):
    return {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}


def identity_and_gzip(client, url):
    """The page without and with Accept-Encoding: gzip, once both are hits."""
    client.get(url)
    plain, packed = client.get(url), client.get(url, headers=GZIP)
    assert plain["X-Page-Cache"] == packed["X-Page-Cache"] == "hit"
    return plain, packed


@pytest.mark.parametrize(
    ("header", "accepted"),
    [
        ("gzip", True),
        ("gzip, deflate, br, zstd", True),
        ("GZip;q=0.5", True),
        ("deflate, gzip;q=1.0, *;q=0.5", True),
        ("x-gzip", True),
        ("*", True),
        ("br;q=1, *;q=0.1", True),
        ("", False),
        (None, False),
        ("identity", False),
        ("br, deflate", False),
        ("gzip;q=0", False),
        ("gzip;q=0.000", False),
        ("*;q=0", False),
        ("gzip;q=0, *", False),  # the coding named is refused, whatever `*` says
        ("*, gzip;q=0", False),
        ("gzip;q=0.2, identity;q=0.8", False),  # identity preferred
        ("gzip;q=nonsense", False),
        ("gzipped", False),
    ],
)
def test_accept_encoding_is_parsed(header, accepted):
    assert compression.accepts_gzip(header) is accepted


def test_gzip_is_sent_to_clients_that_accept_it(client, feed):
    plain, packed = identity_and_gzip(client, feed)
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert packed["Content-Length"] == str(len(packed.content))
    assert plain["Content-Length"] == str(len(plain.content))
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 3
    assert packed["Content-Type"] == plain["Content-Type"]
    assert packed["Last-Modified"] == plain["Last-Modified"]
    assert packed["Cache-Control"] == plain["Cache-Control"]
    assert packed["Surrogate-Key"] == plain["Surrogate-Key"]


def test_the_miss_that_builds_the_entry_sends_gzip_too(client, feed):
    packed = client.get(feed, headers=GZIP)
    assert packed["X-Page-Cache"] == "miss"
    assert packed["Content-Encoding"] == "gzip"
    assert packed["Content-Length"] == str(len(packed.content))
    plain = client.get(feed)
    assert plain["X-Page-Cache"] == "hit"
    assert gzip.decompress(packed.content) == plain.content
    assert packed["ETag"] == plain["ETag"][:-1] + '-gzip"'


def test_the_gzip_copy_is_made_once_when_the_page_is_stored(client, feed, monkeypatch):
    made = []
    compress = compression.compress
    monkeypatch.setattr(compression, "compress", lambda body: made.append(1) or compress(body))
    for headers in ({}, GZIP, GZIP, {}, GZIP):
        client.get(feed, headers=headers)
    assert made == [1]


@pytest.mark.parametrize("header", [None, "", "identity", "gzip;q=0", "br", "*;q=0"], ids=repr)
def test_identity_is_sent_to_clients_that_do_not_accept_gzip(client, feed, header):
    headers = {} if header is None else {"accept-encoding": header}
    for expected in ("miss", "hit"):
        response = client.get(feed, headers=headers)
        assert response["X-Page-Cache"] == expected
        assert "Content-Encoding" not in response
        assert response.content.startswith(b"<?xml")
        assert "accept-encoding" in varies_on(response)


def test_both_representations_vary_on_accept_encoding_and_never_on_cookie(client, feed, post):
    for url in (feed, post.url):
        client.get(url)
        for response in identity_and_gzip(client, url):
            assert "accept-encoding" in varies_on(response), url
            assert "cookie" not in varies_on(response), url


def test_each_representation_has_its_own_etag(client, feed):
    plain, packed = identity_and_gzip(client, feed)
    assert plain["ETag"].startswith('"') and not plain["ETag"].endswith('-gzip"')
    assert packed["ETag"] == plain["ETag"][:-1] + '-gzip"'  # strong, and not the same


@pytest.mark.parametrize("hit", [False, True], ids=["miss", "hit"])
def test_conditional_gets_match_their_own_representations_etag(client, feed, hit):
    plain, packed = identity_and_gzip(client, feed)
    if not hit:
        cache.clear()
        pagecache.local.clear()
    answer = client.get(feed, headers={**GZIP, "if-none-match": packed["ETag"]})
    assert answer.get("X-Page-Cache") == ("hit" if hit else "miss")
    assert answer.status_code == 304
    assert answer["ETag"] == packed["ETag"]
    assert "accept-encoding" in varies_on(answer)
    assert not answer.content
    answer = client.get(feed, headers={"if-none-match": plain["ETag"]})
    assert answer.status_code == 304
    assert answer["ETag"] == plain["ETag"]
    # The other representation's tag is not this one's: the page, in full.
    answer = client.get(feed, headers={**GZIP, "if-none-match": plain["ETag"]})
    assert answer.status_code == 200
    assert answer["Content-Encoding"] == "gzip"
    answer = client.get(feed, headers={"if-none-match": packed["ETag"]})
    assert answer.status_code == 200
    assert "Content-Encoding" not in answer
    # Last-Modified as before, for either.
    since = {"if-modified-since": plain["Last-Modified"]}
    assert client.get(feed, headers={**GZIP, **since}).status_code == 304
    assert client.get(feed, headers=since).status_code == 304


def test_head_is_answered_as_get_without_a_body(client, feed):
    plain, packed = identity_and_gzip(client, feed)
    for headers, get in (({}, plain), (GZIP, packed)):
        head = client.head(feed, headers=headers)
        assert head.status_code == 200
        assert head["X-Page-Cache"] == "hit"
        assert not head.content
        for name in ("Content-Length", "ETag", "Vary", "Content-Type"):
            assert head[name] == get[name], name
        assert head.get("Content-Encoding") == get.get("Content-Encoding")


def test_the_local_copies_hold_the_gzip_copy_too(client, feed, monkeypatch):
    plain = client.get(feed)
    pagecache.local.clear()  # as in another process
    packed = client.get(feed, headers=GZIP)  # read from the shared cache
    assert packed["X-Page-Cache"] == "hit"
    assert packed["Content-Encoding"] == "gzip"
    asked, read = [], cache.get
    monkeypatch.setattr(cache, "get", lambda key, *a, **k: asked.append(key) or read(key, *a, **k))
    again = client.get(feed, headers=GZIP)
    assert again["X-Page-Cache"] == "hit"
    assert asked == [content.VERSION_KEY]  # the page from this process's memory
    assert again.content == packed.content
    assert gzip.decompress(again.content) == plain.content


def test_nothing_private_is_ever_compressed(client, blog, post):
    # BREACH needs a secret in a compressed answer: only page-cache entries are compressed,
    # and none holds one (docs/security.md).
    anonymous = {
        "alerts sign-up (a CSRF token)": lambda: client.get(f"{blog.url}subscribe/", headers=GZIP),
        "admin login": lambda: client.get("/admin/login/", headers=GZIP),
        "sign-off": lambda: client.get("/sign-off/", headers=GZIP),
        "comment post": lambda: client.post(f"/comments/post/{post.pk}/", {}, headers=GZIP),
    }
    responses = {name: (fetch(), fetch()) for name, fetch in anonymous.items()}
    client.force_login(make_user("editor", is_superuser=True))
    responses["signed in page"] = tuple(client.get(post.url, headers=GZIP) for _ in range(2))
    responses["admin"] = tuple(client.get("/admin/", headers=GZIP) for _ in range(2))
    for name, pair in responses.items():
        for response in pair:
            assert "Content-Encoding" not in response, name
            assert "X-Page-Cache" not in response, name
    assert b"csrfmiddlewaretoken" in responses["alerts sign-up (a CSRF token)"][1].content


def serve(body, content_type, accept="gzip"):
    """Twice through the page cache around a view answering `body`: the miss, the hit."""
    view = pagecache.PageCacheMiddleware(lambda request: HttpResponse(body, content_type))
    factory = RequestFactory(headers={"accept-encoding": accept})
    return view(factory.get("/made-up/")), view(factory.get("/made-up/"))


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"<p>Short.</p>" * 10, "text/html; charset=utf-8"),  # tiny: no gain
        (bytes(range(256)) * 40, "image/png"),
        (b"%PDF-1.7 " * 1000, "application/pdf"),
        (b"PK\x03\x04" * 1000, "application/zip"),
    ],
    ids=["tiny html", "png", "pdf", "zip"],
)
def test_tiny_and_non_text_bodies_are_not_compressed(db, body, content_type):
    for response in serve(body, content_type):
        assert response.status_code == 200
        assert response.content == body
        assert "Content-Encoding" not in response
        assert "accept-encoding" not in varies_on(response)  # the same for every client
    assert response["X-Page-Cache"] == "hit"


@pytest.mark.parametrize(
    "content_type",
    [
        "text/html; charset=utf-8",
        "text/plain",
        "application/atom+xml; charset=utf-8",
        "application/rss+xml",
        "application/xml",
        "application/json",
    ],
)
def test_textual_bodies_are_compressed(db, content_type):
    body = b"Words readers read. " * 200
    miss, hit = serve(body, content_type)
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    for response in (miss, hit):
        assert response["Content-Encoding"] == "gzip"
        assert gzip.decompress(response.content) == body


def test_the_gzip_copy_is_deterministic():
    body = b"The same words. " * 200
    assert compression.compress(body) == compression.compress(body)
