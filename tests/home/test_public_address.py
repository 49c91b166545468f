"""One public address (issue 15, defect 8): every absolute URL readers, search engines,
feed readers and e-mail see starts with BASE_URL, whatever host the request named."""

import datetime
import json
import re

import pytest

from django.core import mail
from django.utils import timezone

from alerts import sending
from alerts.models import Alert, Subscriber, Subscription
from comments.models import ReaderComment
from comments.notifications import send_digest, send_published_notice
from demo.factories import (
    make_category,
    make_image,
    make_person,
    make_post,
    make_standard_page,
    make_user,
    use_public_address,
)
from home.addresses import public_url
from tests.html import soup

BASE = "https://blogs.example.gov.uk"
# Any absolute URL on one of the hosts a development server or a test answers on.
LOCAL = re.compile(r"https?://(?:testserver|localhost|127\.0\.0\.1|\[::1\])\b")
URL = re.compile(r"https?://[^\s\"'<>]+")


@pytest.fixture(autouse=True)
def base_url(settings):
    settings.BASE_URL = BASE
    settings.WAGTAILADMIN_BASE_URL = BASE


@pytest.fixture
def post(blog):
    author = make_person("Khidr Suleman", photo=make_image("Khidr", alt_text="Khidr"))
    return make_post(
        blog,
        "Open Source security meetup",
        date=datetime.date(2017, 10, 10),
        authors=[author],
        categories=[make_category("Open Source")],
        tags=["meetups"],
        listing_image=make_image("Panel", width=1600, height=900, alt_text="The panel"),
    )


def own_urls(text):
    """The absolute URLs in `text` that name this site: on BASE's host or a local one."""
    return [url for url in URL.findall(text) if url.startswith(BASE) or LOCAL.match(url)]


def assert_public(text, where, expect=True):
    assert not LOCAL.search(text), (where, LOCAL.findall(text))
    if expect:
        assert own_urls(text), f"no absolute URL of the site in {where}"
    for url in own_urls(text):
        assert url.startswith(BASE + "/"), (where, url)


@pytest.mark.parametrize("host", ["testserver", "localhost", "127.0.0.1:8000"])
def test_pages_metadata_feeds_and_sitemap_use_base_url(client, home, blog, post, host, settings):
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
    make_standard_page(home, "About", "<p>About us.</p>")
    pages = (
        "/",
        "/about/",
        "/technology/",
        post.url,
        "/technology/author/khidr-suleman/",
        "/technology/category/open-source/",
        "/technology/tag/meetups/",
        "/technology/2017/",
        "/all-posts/",
    )
    for url in pages:
        response = client.get(url, HTTP_HOST=host)
        assert response.status_code == 200, url
        head = soup(response).head
        canonical = head.select_one('link[rel="canonical"]')["href"]
        assert canonical == BASE + url, url
        assert head.select_one('meta[property="og:url"]')["content"] == canonical, url
        for script in head.find_all("script", type="application/ld+json"):
            assert_public(json.dumps(json.loads(script.string)), f"JSON-LD of {url}")
        assert_public(str(head), f"head of {url}")
    page = soup(client.get(post.url, HTTP_HOST=host))
    assert page.select_one('meta[property="og:image"]')["content"].startswith(f"{BASE}/media/")

    for url in (
        "/technology/feed/",
        "/technology/feed/atom/",
        "/technology/category/open-source/feed/atom/",
        "/sitemap.xml",
    ):
        response = client.get(url, HTTP_HOST=host)
        assert response.status_code == 200, url
        assert_public(response.content.decode(), url)
    sitemap = client.get("/sitemap.xml", HTTP_HOST=host).content.decode()
    assert f"<loc>{BASE}{post.url}</loc>" in sitemap
    robots = client.get("/robots.txt", HTTP_HOST=host).content.decode()
    assert f"Sitemap: {BASE}/sitemap.xml" in robots.splitlines()
    security = client.get("/.well-known/security.txt", HTTP_HOST=host).content.decode()
    assert f"Canonical: {BASE}/.well-known/security.txt" in security.splitlines()


def test_alert_and_comment_emails_use_base_url(blog, post, django_capture_on_commit_callbacks):
    subscriber = Subscriber.objects.create(email="r@example.com", confirmed_at=timezone.now())
    Subscription.objects.create(subscriber=subscriber, blog=blog, frequency="immediately")
    sending.fan_out(Alert.objects.create(post=post).pk)
    comment = ReaderComment.objects.create(
        post=post,
        name="Reader",
        email="c@example.com",
        body="Thanks.",
        status=ReaderComment.Status.APPROVED,
        notify_on_publish=True,
    )
    assert send_published_notice(comment.pk) == 1
    ReaderComment.objects.create(post=post, name="Waiting", body="Hello.", email="w@example.com")
    make_user("reviewer", (blog, "reviewers"))
    assert send_digest() == 1
    alert, notice, digest = mail.outbox
    for message in (alert, notice, digest):
        assert_public(message.body, message.subject)
        for html, _type in getattr(message, "alternatives", []):
            assert_public(html, message.subject)
    assert f"{BASE}{post.url}" in alert.body
    assert f"{BASE}{post.url}#comment-{comment.pk}" in notice.body
    assert f"<{BASE}/alerts/unsubscribe/" in alert.extra_headers["List-Unsubscribe"]


def test_the_demo_site_is_on_base_url(home):
    from wagtail.models import Site

    site = Site.objects.get(root_page=home)
    assert (site.hostname, site.port, site.root_url) == ("blogs.example.gov.uk", 443, BASE)
    site.hostname, site.port = "localhost", 80
    site.save()
    use_public_address(site)  # load_demo does it on every run
    site.refresh_from_db()
    assert site.root_url == BASE


def test_public_url():
    assert public_url() == f"{BASE}/"
    assert public_url("/technology/") == f"{BASE}/technology/"
    assert public_url("https://media.example/a.png") == "https://media.example/a.png"
