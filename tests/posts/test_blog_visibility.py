"""A blog's state governs its posts: a post under an unpublished or restricted blog is
reachable nowhere a reader can go (issue 15, defect 9).

Every public surface is walked, from settings/urls.py and each app's urls: Wagtail's pages
(posts, the blog's archives and feeds, other blogs' archives, the home page, standard
pages), /all-posts/, /search/ (results, facets and editors' picks), /search/suggest/,
/sitemap.xml, the comment form's address and the alert and digest e-mails."""

import datetime

import pytest

from django.core import mail
from django.test import override_settings
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from alerts import sending
from alerts.digests import send_digests
from alerts.models import Alert, Subscriber, Subscription
from demo import build
from demo.factories import make_category, make_person, make_post, make_standard_page

DAY = datetime.date(2020, 1, 1)
SECRET = "Zanzibar"  # pragma: allowlist secret (a word in a test post)


def make_subscriber(email, frequency):
    person = Subscriber.objects.create(email=email, confirmed_at=timezone.now())
    Subscription.objects.create(subscriber=person, blog=None, frequency=frequency)


@pytest.fixture
def speaker(db):
    return make_person("Grace Hopper")


@pytest.fixture
def hidden_post(blog, speaker):
    category = make_category("Security")
    return make_post(
        blog,
        f"{SECRET} meetup",
        summary=f"{SECRET} summary.",
        date=DAY,
        categories=[category],
        tags=["meetups"],
        body=[build.speaker(speaker, "<p>Spoke.</p>")],
    )


@pytest.fixture
def visible_post(other_blog, speaker):
    # On another blog, with the same category, tag and speaker: its archives are walked too.
    return make_post(
        other_blog,
        "Open data day",
        date=DAY,
        categories=[make_category("Security")],
        tags=["meetups"],
        body=[build.speaker(speaker, "<p>Spoke too.</p>")],
    )


def hide(blog, how):
    if how == "unpublished":
        blog.unpublish()
    else:
        PageViewRestriction.objects.create(
            page=blog,
            restriction_type=how,
            password="not-for-readers",  # pragma: allowlist secret
        )


# How the blog's own addresses answer: 404 when unpublished; the login or password page
# when restricted (Wagtail's own), never the post.
OWN_STATUS = {"unpublished": {404}, "login": {302, 404}, "password": {200, 404}}

SURFACES = (
    "/",
    "/all-posts/",
    f"/search/?q={SECRET}",
    "/search/?q=meetup",
    f"/search/suggest/?q={SECRET[:4]}",
    "/sitemap.xml",
    "/data/",
    "/data/category/security/",
    "/data/tag/meetups/",
    "/data/author/grace-hopper/",
    "/data/2020/",
    "/data/feed/",
    "/data/feed/atom/",
    "/data/author/grace-hopper/feed/atom/",
    "/robots.txt",
)


def blog_addresses(post):
    return (
        post.url,
        "/technology/",
        "/technology/2020/",
        "/technology/2020/01/",
        "/technology/2020/01/01/",
        "/technology/category/security/",
        "/technology/tag/meetups/",
        "/technology/author/grace-hopper/",
        "/technology/feed/",
        "/technology/feed/atom/",
        "/technology/category/security/feed/",
        "/technology/subscribe/",
        "/technology/about-this-blog/",
    )


def shown(text, address=True):
    """Whether the hidden post (title, summary or, with `address`, its address) is in
    `text` (lowercased); the search term alone is not: the search page repeats it."""
    marks = ("zanzibar meetup", "zanzibar summary") + (("zanzibar-",) if address else ())
    return any(mark in text for mark in marks)


def assert_hidden(client, url, allowed=(200,)):
    response = client.get(url)
    assert response.status_code in allowed, (url, response.status_code)
    # The password form posts back to the post's own address: that much it may say.
    assert not shown(response.content.decode().lower(), address=allowed == (200,)), url


# Without the content cache too (no Redis): pages are then routed and built another way.
@pytest.mark.parametrize("cached", [True, False], ids=["content-cache", "no-cache"])
@pytest.mark.parametrize("how", ["unpublished", "login", "password"])
def test_a_hidden_blog_hides_its_posts_on_every_public_surface(
    client,
    blog,
    hidden_post,
    visible_post,
    how,
    cached,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.BULLETIN_CONTENT_CACHE = cached
    make_standard_page(blog, "About this blog", "<p>Zanzibar team.</p>")
    SearchPromotion.objects.create(query=Query.get("meetup"), page=hidden_post, sort_order=0)
    assert shown(client.get("/").content.decode().lower())  # seen before: the walk can fail

    hide(blog, how)

    for url in SURFACES:
        assert_hidden(client, url)
    for url in blog_addresses(hidden_post):
        assert_hidden(client, url, allowed=OWN_STATUS[how])
    # The other blog's archives still list its own post.
    assert "Open data day" in client.get("/data/author/grace-hopper/").content.decode()
    # Comments cannot be sent to it.
    response = client.post(f"/comments/post/{hidden_post.pk}/", {"comment": "Hello"})
    assert response.status_code == 404


def test_an_unpublished_blog_sends_no_alerts_until_it_is_published(
    blog, django_capture_on_commit_callbacks
):
    make_subscriber("now@example.com", "immediately")
    make_subscriber("daily@example.com", "daily")
    blog.unpublish()
    with django_capture_on_commit_callbacks(execute=True):
        post = make_post(blog, f"{SECRET} news")
    assert mail.outbox == []
    assert send_digests("daily", now=timezone.now() + datetime.timedelta(days=1)) == 0
    assert mail.outbox == []
    alert = Alert.objects.get(post=post)
    assert alert.status == Alert.Status.PENDING
    assert alert.pk not in _stalled_later()

    blog.save_revision().publish()
    assert alert.pk in _stalled_later()  # resume_alerts queues it again
    sending.fan_out(alert.pk)
    assert [message.to for message in mail.outbox] == [["now@example.com"]]


def _stalled_later():
    with override_settings(ALERTS_LEASE_SECONDS=-3600):
        return sending.stalled_alerts()


@override_settings(BULLETIN_CONTENT_CACHE=True)
def test_unpublishing_a_blog_refreshes_its_posts_in_the_content_cache(client, blog, hidden_post):
    for url in (hidden_post.url, "/", "/all-posts/", "/sitemap.xml", f"/search/?q={SECRET}"):
        assert shown(client.get(url).content.decode().lower()), url
    blog.unpublish()
    assert client.get(hidden_post.url).status_code == 404
    for url in ("/", "/all-posts/", "/sitemap.xml", f"/search/?q={SECRET}"):
        assert not shown(client.get(url).content.decode().lower()), url
    blog.save_revision().publish()
    assert client.get(hidden_post.url).status_code == 200
