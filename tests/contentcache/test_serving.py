"""Pages kept whole in the content cache (contentcache.serving): the same HTML as built,
the view restrictions checked on every request, a comment form token of its own for each
reader, and nothing personal kept or served."""

import datetime
import re

import pytest

from django.core import signing
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageViewRestriction

from comments import defences
from comments.models import ReaderComment
from contentcache import content
from demo import build
from demo.factories import change_blog_settings, make_post, make_user
from tests.comments.base import add_comment

TOKEN = re.compile(r'name="token" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # As in the load test's "content cache only": every request reaches the page.
    settings.BULLETIN_PAGE_CACHE = False
    settings.BULLETIN_CONTENT_CACHE = True


@pytest.fixture
def post(blog):
    return make_post(blog, "Open source security", body=[build.paragraph("<p>First words.</p>")])


def html(response):
    assert response.status_code == 200
    return response.content.decode()


def token_of(page):
    return TOKEN.search(page).group(1)


def test_a_page_asked_for_again_is_the_same_but_for_the_token(
    client, post, django_assert_num_queries
):
    built = html(client.get(post.url))
    with django_assert_num_queries(0):  # restrictions checked against the same version
        kept = html(client.get(post.url))
    again = html(client.get(post.url))
    assert kept.replace(token_of(kept), "") == built.replace(token_of(built), "")
    tokens = [token_of(page) for page in (built, kept, again)]
    assert len(set(tokens)) == 3
    for token in tokens:  # each a valid token of its own for this post
        payload = signing.loads(token, salt=defences.FORM_SALT)
        assert payload["post"] == post.pk
    nonces = {signing.loads(t, salt=defences.FORM_SALT)["nonce"] for t in tokens}
    assert len(nonces) == 3


def test_listings_and_feeds_are_kept_whole(client, blog, post, django_assert_num_queries):
    for url in ("/", blog.url, f"{blog.url}feed/atom/"):
        built = client.get(url).content
        with django_assert_num_queries(0):
            assert client.get(url).content == built, url


def test_view_restrictions_are_checked_on_every_request(client, post):
    password = PageViewRestriction.objects.create(
        page=post,
        restriction_type=PageViewRestriction.PASSWORD,
        password="swordfish",  # pragma: allowlist secret
    )
    reader = client
    reader.post(
        reverse("wagtailcore_authenticate_with_password", args=[password.pk, post.pk]),
        {"password": "swordfish", "return_url": post.url},  # pragma: allowlist secret
    )
    assert "First words." in html(reader.get(post.url))  # the reader who knows it
    assert "First words." in html(reader.get(post.url))
    reader.cookies.clear()  # anyone else: asked for the password, not given the page
    response = reader.get(post.url)
    assert "First words." not in response.content.decode()
    assert 'name="password"' in response.content.decode()


def test_a_page_kept_for_anonymous_readers_is_not_served_to_editors(client, post):
    anonymous = html(client.get(post.url))
    client.force_login(make_user("editor", is_superuser=True))
    signed_in = html(client.get(post.url))
    assert "wagtail-userbar" in signed_in
    assert "wagtail-userbar" not in anonymous
    client.logout()
    assert "wagtail-userbar" not in html(client.get(post.url))


def test_what_an_editor_is_shown_is_not_kept(client, post):
    client.force_login(make_user("editor", is_superuser=True))
    html(client.get(post.url))
    client.logout()
    client.cookies.clear()
    assert "wagtail-userbar" not in html(client.get(post.url))


def test_a_query_string_gets_its_own_page(client, post):
    comment = add_comment(post, name="Grace Reader")
    html(client.get(post.url))
    replying = html(client.get(f"{post.url}?reply_to={comment.pk}"))
    assert "Reply to Grace Reader" in replying
    assert "Reply to Grace Reader" not in html(client.get(post.url))


def test_an_approved_comment_shows_at_once(client, post):
    comment = add_comment(post, status=ReaderComment.Status.PENDING, body="Well said.")
    assert "Well said." not in html(client.get(post.url))
    comment.status = ReaderComment.Status.APPROVED
    comment.save()
    assert "Well said." in html(client.get(post.url))


def test_comments_close_on_their_day(client, blog, monkeypatch):
    change_blog_settings(blog, "comment_settings", comments_close_after_days=30)
    today = timezone.localdate()
    post = make_post(blog, "Closing soon", date=today - datetime.timedelta(days=29))
    assert "Leave a comment" in html(client.get(post.url))
    assert "Leave a comment" in html(client.get(post.url))
    real = timezone.localdate

    def tomorrow(value=None, tz=None):
        return real(value, tz) if value is not None else today + datetime.timedelta(days=1)

    monkeypatch.setattr(timezone, "localdate", tomorrow)
    assert "Comments are closed" in html(client.get(post.url))


@pytest.mark.parametrize("url", ["post", "blog", "home"])
def test_a_page_asked_for_again_is_one_round_trip_to_the_cache(
    client, blog, post, monkeypatch, url
):
    url = {"post": post.url, "blog": blog.url, "home": "/"}[url]
    client.get(url)  # built: its parts and its bundle written
    client.get(url)  # the bundle written again, without the parts of the build
    asked = []
    real_get = cache.get

    def get_many(keys):  # the local memory cache's own get_many calls get: not here
        asked.append(keys)
        found = {key: real_get(key, content.MISSING) for key in keys}
        return {key: value for key, value in found.items() if value is not content.MISSING}

    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: asked.append(args))
    monkeypatch.setattr(cache, "set_many", lambda *args, **kwargs: asked.append(args))
    monkeypatch.setattr(cache, "get_many", get_many)
    assert client.get(url).status_code == 200
    assert len(asked) == 1  # the version and the bundle, together


@pytest.mark.parametrize("page_cache", [False, True], ids=["content cache", "page cache"])
@pytest.mark.parametrize("url", ["post", "blog", "home"])
def test_after_a_change_a_page_reads_its_parts_in_two_round_trips(
    client, blog, post, monkeypatch, settings, url, page_cache
):
    """The first reader after a publish: the version with the address's bundle and recipe,
    then the parts of its last build at once; none asked for one by one. With the page
    cache, which reads the version and misses first, still none one by one (each part
    was a round trip of its own: a cold listing asked for 21)."""
    settings.BULLETIN_PAGE_CACHE = page_cache
    url = {"post": post.url, "blog": blog.url, "home": "/"}[url]
    client.get(url)  # built: its parts, bundle and recipe written
    content.bump()  # as any change does
    asked, alone = [], []
    real_get = cache.get

    def get(key, *args, **kwargs):
        if key.startswith("content"):
            alone.append(key)
        return real_get(key, *args, **kwargs)

    def get_many(keys):  # the local memory cache's own get_many calls get: not here
        asked.append(keys)
        found = {key: real_get(key, content.MISSING) for key in keys}
        return {key: value for key, value in found.items() if value is not content.MISSING}

    monkeypatch.setattr(cache, "get", get)
    monkeypatch.setattr(cache, "get_many", get_many)
    first = html(client.get(url))
    assert len(asked) == 2
    if page_cache:  # the version, then the page cache's own entry (a miss)
        assert [key.split(":")[0] for key in alone] == [content.VERSION_KEY, "content"]
        assert ":page-gz:" in alone[1]
    else:
        assert alone == []
    assert any(key.startswith("content-recipe:") for key in asked[0])
    # Built again, the same page: its parts were all missing (a new version).
    monkeypatch.undo()
    assert TOKEN.sub("", html(client.get(url))) == TOKEN.sub("", first)


def test_a_bundle_of_another_version_is_not_used(client, post):
    assert "First words." in html(client.get(post.url))
    assert "First words." in html(client.get(post.url))
    content.bump()  # as any change does
    draft = post.get_latest_revision_as_object()
    draft.body = [build.paragraph("<p>Second thoughts.</p>")]
    draft.save_revision().publish()
    assert "Second thoughts." in html(client.get(post.url))


def test_an_address_that_is_not_found_leaves_no_bundle(client, blog, monkeypatch):
    keys = []
    real_get_many = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda k: keys.extend(k) or real_get_many(k))
    assert client.get(f"{blog.url}no-such-post/").status_code == 404
    (bundle,) = [key for key in keys if key.startswith("content-bundle:")]
    assert cache.get(bundle) is None
