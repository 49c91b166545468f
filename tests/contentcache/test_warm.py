"""The parts every page shares are built by the worker after a change (contentcache.warm),
not by the first reader: the addresses readers use are noted, one warm-up is queued per
committed change, and it fills the keys a reader at that address reads."""

import pytest
from django_tasks import default_task_backend

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contentcache import content, warm
from demo import build
from demo.factories import make_post

HTTPS = {"HTTP_X_FORWARDED_PROTO": "https"}  # as the TLS proxy sends it (production)


@pytest.fixture
def queueing(settings):
    """Tasks queued, not run (django-tasks' DummyBackend keeps them): as with a worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    yield
    default_task_backend.clear()


def warm_ups():
    return [r for r in default_task_backend.results if r.task.func is warm.warm.func]


@pytest.fixture
def post(blog):
    return make_post(blog, "Warm words", body=[build.paragraph("<p>Read first.</p>")])


def sql_of(client, url, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200, url
    return [q["sql"] for q in queries.captured_queries]


def test_a_reader_who_builds_the_site_notes_the_address(client, settings, post):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    cache.delete(warm.ADDRESSES_KEY)
    client.get(post.url, HTTP_HOST="localhost:8000", **HTTPS)
    content.bump()
    client.get(post.url, HTTP_HOST="localhost:8000", **HTTPS)  # built again, noted once
    client.get("/", HTTP_HOST="127.0.0.1")
    assert warm.addresses() == [("http", "127.0.0.1", "80"), ("https", "localhost:8000", "80")]


def test_a_refused_host_is_not_noted(client, post):
    cache.delete(warm.ADDRESSES_KEY)
    assert client.get("/", HTTP_HOST="attacker.example").status_code == 400
    assert warm.addresses() == []


def test_at_most_a_few_addresses_are_kept_the_latest_first(client, settings, post):
    settings.ALLOWED_HOSTS = ["*"]
    cache.delete(warm.ADDRESSES_KEY)
    for n in range(warm.MAX_ADDRESSES + 2):
        client.get("/", HTTP_HOST=f"host{n}.example")
    hosts = [host for _scheme, host, _port in warm.addresses()]
    assert hosts == [f"host{n}.example" for n in reversed(range(2, warm.MAX_ADDRESSES + 2))]


def test_after_the_warm_up_a_reader_builds_only_their_page(client, settings, blog, post):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.BULLETIN_PAGE_CACHE = False  # the post whole would hide what is built
    host = {"HTTP_HOST": "localhost", **HTTPS}
    client.get(post.url, **host)  # a reader: the address is noted

    content.bump()  # a change: nothing cached is read any more
    cold = sql_of(client, post.url, **host)
    assert any('"wagtailcore_site"' in sql for sql in cold)  # the site, built by the reader

    content.bump()
    assert warm.warm.call() == ["200 OK"]
    warmed = sql_of(client, post.url, **host)
    assert not any('"wagtailcore_site"' in sql for sql in warmed)
    assert not any('"home_networksettings"' in sql for sql in warmed)
    # Not built again: the site, its home page with its children, the view restrictions,
    # the network's settings.
    assert len(warmed) == len(cold) - 4
    assert "Read first." in client.get(post.url, **host).content.decode()


def test_a_warm_up_fills_only_its_own_address(client, post):
    cache.delete(warm.ADDRESSES_KEY)
    client.get("/", HTTP_HOST="localhost")
    content.bump()
    warm.warm.call()
    # Another address's reader (another host in the key) still builds the site.
    other = sql_of(client, post.url, HTTP_HOST="127.0.0.1")
    assert any('"wagtailcore_site"' in sql for sql in other)


def test_off_the_warm_up_does_nothing(client, settings, post):
    client.get("/")
    settings.BULLETIN_CONTENT_CACHE = False
    assert warm.warm.call() == []


def test_one_warm_up_is_queued_for_each_committed_change(
    queueing, post, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        draft = post.get_latest_revision_as_object()
        draft.title = "Warmer words"
        draft.save_revision().publish()  # the page saved, published: several bumps
    assert len(warm_ups()) == 1


def test_the_worker_reads_the_pages_a_change_published(
    queueing, client, blog, post, django_capture_on_commit_callbacks, django_assert_num_queries
):
    """The first readers of a post just published (an alert's) find it whole."""
    client.get("/")  # a reader: the address is noted
    with django_capture_on_commit_callbacks(execute=True):
        draft = post.get_latest_revision_as_object()
        draft.title = "Warm off the press"
        draft.save_revision().publish()
    [queued] = warm_ups()
    # With the pages this test's transaction made before (its blog, its home page).
    assert post.pk in queued.args[0]
    assert post.url in warm.changed_paths(queued.args[0])
    statuses = warm.warm.call(*queued.args)
    assert statuses == ["200 OK"] * (1 + len(warm.changed_paths(queued.args[0])))
    with django_assert_num_queries(0):  # from the page cache, as the worker left it
        response = client.get(post.url)
    assert "Warm off the press" in response.content.decode()


def test_pages_no_reader_can_read_are_not_read(client, blog, post):
    gone = make_post(blog, "Gone")
    gone.unpublish()
    client.get("/")
    assert warm.changed_paths([gone.pk, blog.pk, 999999]) == [blog.url]
    assert warm.warm.call([gone.pk, 999999]) == ["200 OK"]  # the home page alone


def test_without_a_worker_nothing_is_queued(
    settings, monkeypatch, post, django_capture_on_commit_callbacks
):
    """Tasks run inside the request (development): warming would make the editor wait."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    queued = []
    monkeypatch.setattr(warm, "_queue", lambda: queued.append(1))
    with django_capture_on_commit_callbacks(execute=True):
        post.save_revision().publish()
    assert queued == []


def test_what_runs_on_commit_after_a_change_sees_the_final_version(
    post, django_capture_on_commit_callbacks
):
    """A receiver of `changed` that waits for the commit (a purge, a warm-up) must see the
    version the commit leaves: one built before would be thrown away at once."""
    seen = []

    def receiver(**kwargs):
        from django.db import transaction

        transaction.on_commit(lambda: seen.append(content.current()))

    content.changed.connect(receiver, dispatch_uid="test-final-version")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            post.save_revision().publish()
    finally:
        content.changed.disconnect(dispatch_uid="test-final-version")
    assert seen and seen[-1] == content.current()
