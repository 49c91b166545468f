"""What the worker purges: the URL set of a changed post, everything for the rest, and
what each backend sends for "everything"."""

import datetime
import http.server
import threading

import pytest

from wagtail.models import Site

from cdn import affected, backends
from cdn.tasks import purge
from demo import build
from demo.factories import make_category, make_person, make_post
from settings.frontendcache import frontend_cache_backends

from . import recorder

ROOT = "http://testserver"
NETWORK = {ROOT + path for path in ("/", "/all-posts/", "/feed/", "/feed/atom/", "/sitemap.xml")}


def with_feeds(*paths):
    return {url for path in paths for url in (path, path + "feed/", path + "feed/atom/")}


@pytest.fixture
def post(blog):
    speaker = make_person("Liam Maxwell")
    return make_post(
        blog,
        "Open source security",
        date=datetime.date(2017, 10, 10),
        authors=[make_person("Khidr Suleman")],
        categories=[make_category("Open Source")],
        tags=["security"],
        body=[build.speaker(speaker, "<p>A talk.</p>")],
    )


def test_a_posts_urls_are_its_own_its_blogs_and_its_archives(post, django_assert_num_queries):
    blog = f"{ROOT}/technology/"
    with django_assert_num_queries(9):
        urls = affected.post_urls([post.pk])
    assert urls == {
        f"{blog}2017/10/10/open-source-security/",
        *with_feeds(
            blog,
            f"{blog}category/open-source/",
            f"{blog}author/khidr-suleman/",
            f"{blog}author/liam-maxwell/",  # a speaker in the body
            f"{blog}tag/security/",
        ),
        f"{blog}2017/",
        f"{blog}2017/10/",
        f"{blog}2017/10/10/",
        *NETWORK,
    }


def test_an_unpublished_post_is_purged_where_it_was(post):
    post.unpublish()
    assert f"{ROOT}/technology/2017/10/10/open-source-security/" in affected.post_urls([post.pk])


def test_a_post_gone_purges_everything(post, settings):
    settings.WAGTAILFRONTENDCACHE = {"r": {"BACKEND": "tests.cdn.recorder.RecordingBackend"}}
    pk = post.pk
    post.delete()
    assert affected.post_urls([pk]) is None
    recorder.calls.clear()
    assert purge.call(posts=[pk]) == {"urls": 0, "everything": True}
    assert recorder.calls == [("everything", ["testserver"])]


def test_the_task_sends_the_urls_through_each_backend(post, settings):
    settings.WAGTAILFRONTENDCACHE = {"r": {"BACKEND": "tests.cdn.recorder.RecordingBackend"}}
    recorder.calls.clear()
    old = f"{ROOT}/technology/2017/10/10/an-old-slug/"
    result = purge.call(posts=[post.pk], urls=[old])
    assert recorder.calls == [("urls", sorted({*affected.post_urls([post.pk]), old}))]
    assert result == {"urls": len(recorder.calls[0][1]), "everything": False}


def test_everything_is_every_sites_host(home, settings):
    settings.WAGTAILFRONTENDCACHE = {"r": {"BACKEND": "tests.cdn.recorder.RecordingBackend"}}
    Site.objects.create(hostname="data.blog.example", port=443, root_page=home)
    recorder.calls.clear()
    purge.call(everything=True)
    assert recorder.calls == [("everything", ["data.blog.example", "testserver"])]


def test_without_a_backend_the_task_does_nothing(post, settings):
    settings.WAGTAILFRONTENDCACHE = {}
    assert purge.call(everything=True) == {"urls": 0, "everything": False}


class Recorded(http.server.BaseHTTPRequestHandler):
    seen = []

    def do_BAN(self):
        self.seen.append((self.command, self.path, self.headers["Host"]))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_the_http_backend_bans_each_host():
    server = http.server.HTTPServer(("127.0.0.1", 0), Recorded)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        backend = backends.HTTPBackend({"LOCATION": f"http://127.0.0.1:{server.server_port}"})
        backend.purge_everything(["blog.example", "127.0.0.1:8000"])
    finally:
        server.shutdown()
        server.server_close()
    assert Recorded.seen == [("BAN", "/", "blog.example"), ("BAN", "/", "127.0.0.1:8000")]


def test_cloudflare_purges_everything_in_the_zone(monkeypatch):
    sent = []

    class Response:
        def raise_for_status(self):
            pass

    def post(url, json, headers, timeout):
        sent.append((url, json, headers))
        return Response()

    monkeypatch.setattr(backends.requests, "post", post)
    backend = backends.CloudflareBackend(
        {"ZONEID": "zone", "BEARER_TOKEN": "t"}
    )  # pragma: allowlist secret
    backend.purge_everything(["blog.example"])
    assert sent == [
        (
            "https://api.cloudflare.com/client/v4/zones/zone/purge_cache",
            {"purge_everything": True},
            {"Authorization": "Bearer t"},
        )
    ]


def test_cloudfront_invalidates_every_path(monkeypatch):
    backend = backends.CloudfrontBackend({"DISTRIBUTION_ID": "E123"})
    sent = []
    monkeypatch.setattr(backend, "_create_invalidation", lambda *args: sent.append(args))
    backend.purge_everything(["blog.example"])
    assert sent == [("E123", ["/*"])]


def test_the_backends_come_from_the_environment():
    assert frontend_cache_backends({}) == {}
    found = frontend_cache_backends(
        {
            "FRONTEND_CACHE_PURGE_URL": "http://127.0.0.1:6081",
            "CLOUDFLARE_ZONEID": "zone",
            "CLOUDFLARE_BEARER_TOKEN": "token",  # pragma: allowlist secret
            "CLOUDFRONT_DISTRIBUTION_ID": "E123",
            "FRONTEND_CACHE_HOSTNAMES": "blog.example, data.blog.example",
        }
    )
    assert {name: b["BACKEND"] for name, b in found.items()} == {
        "http": "cdn.backends.HTTPBackend",
        "cloudflare": "cdn.backends.CloudflareBackend",
        "cloudfront": "cdn.backends.CloudfrontBackend",
    }
    assert found["http"]["LOCATION"] == "http://127.0.0.1:6081"
    assert found["cloudflare"]["ZONEID"] == "zone"
    assert found["cloudfront"]["DISTRIBUTION_ID"] == "E123"
    assert all(b["HOSTNAMES"] == ["blog.example", "data.blog.example"] for b in found.values())


def test_cloudflare_without_a_token_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="CLOUDFLARE_BEARER_TOKEN"):
        frontend_cache_backends({"CLOUDFLARE_ZONEID": "zone"})
