"""The parts every page shares, built by the worker after each change instead of by the
first reader.

A change replaces the content version, so the first reader after it built, besides their
own page, the parts every page shares: the site with its home page and their live
children (contentcache.middleware), the network's settings and the navigation. That was
about 15 ms of a post's first request after a publish (issue 16). Once a change commits,
the worker reads the home page of each address readers use, through the whole stack as an
anonymous reader would, which builds those parts (and the home page) under the new
version: the next reader waits for their own page alone, as renditions (posts.renditions)
and bodies (posts.rendering) are made by the worker so that no reader waits for them. It
also reads the pages the change published (a few at most), so that their first readers,
the burst an alert e-mail sends to a new post, find them whole in the page cache.

The worker cannot work out by itself the address readers use: the host, the scheme and
the port behind a proxy all go into the keys. So each address for which a reader built
the site entry is noted (ADDRESSES_KEY: at most MAX_ADDRESSES, the latest first, kept a
week), and the worker replays those. A host outside ALLOWED_HOSTS never gets that far
(CommonMiddleware refuses it first), and a lost or pushed-out address only costs its first
reader the build, as before.

Nothing is queued where tasks run inside the request (development's immediate backend):
there, warming would make the editor who published wait for it.
"""

import io
import logging
import sys
import threading
from contextlib import contextmanager

from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend

from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction

from wagtail.models import Page

from contentcache import content

ADDRESSES_KEY = "content-addresses"
MAX_ADDRESSES = 8
# Pages read for one change beyond the home page: a post published, or a few; a change of
# many pages at once (a move, an import) changes the home page and leaves the rest.
MAX_PAGES = 10
# In the request log, so that the worker's requests are not taken for readers'.
USER_AGENT = "Bulletin cache warmer"

logger = logging.getLogger(__name__)
_pending = threading.local()
_handler = None


def addresses():
    """[(scheme, host, port)] that readers used, the latest first."""
    found = content.read(ADDRESSES_KEY) if content.reachable() else None
    return [tuple(address) for address in found or ()]


def note(request):
    """A reader built the site entry for `request`'s address: remember the address for the
    worker (a read, and a write only for an address not yet known)."""
    address = (request.scheme, request.get_host(), request.get_port())
    known = addresses()
    if address not in known:
        cache.set(ADDRESSES_KEY, [address, *known][:MAX_ADDRESSES], content.RECIPE_TIMEOUT)


def content_changed(sender, instance=None, **kwargs):
    """Receiver of contentcache.content.changed: queue one warm-up for the worker when the
    transaction commits (at once outside one), however many changes it made, with the
    pages it changed."""
    if not content.enabled() or isinstance(warm.get_backend(), ImmediateBackend):
        return
    pages = getattr(_pending, "pages", None)
    if pages is None:
        pages = _pending.pages = set()
    if isinstance(instance, Page):
        pages.add(instance.pk)
    transaction.on_commit(_queue, robust=True)


def _queue():
    # Only the first hook of a transaction queues. One dropped by a rollback leaves its
    # pages for the next commit: reading a page that did not change costs a cached page.
    pages = getattr(_pending, "pages", None)
    _pending.pages = None
    if pages is None:
        return
    warm.enqueue(sorted(pages))


@task()
def warm(page_ids=()):
    """Read, as an anonymous reader at every noted address, the home page (which builds
    the parts every page shares under the current version) and the live pages among
    `page_ids` (the pages the change published: their first readers, such as an alert's,
    find them whole; at most MAX_PAGES). Returns the status lines."""
    if not content.enabled():
        return []
    paths = ["/", *changed_paths(page_ids)]
    answered = []
    for scheme, host, port in addresses():
        for path in paths:
            status = get(scheme, host, port, path)
            answered.append(status)
            if not status.startswith("200"):
                logger.info("cache warm-up of %s://%s%s: %s", scheme, host, path, status)
    if answered:
        cache.touch(ADDRESSES_KEY, content.RECIPE_TIMEOUT)
    return answered


def changed_paths(page_ids):
    """The paths of the live pages among `page_ids` (a deleted or unpublished one has
    none). On a network of several sites a path is read at every address; on the wrong
    site it is a 404, which keeps nothing."""
    pages = Page.objects.filter(pk__in=list(page_ids)[:MAX_PAGES]).live().specific()
    found = (page.get_url_parts() for page in pages)
    return sorted({parts[2] for parts in found if parts is not None} - {"/"})


def get(scheme, host, port, path):
    """The status line of a GET of `path` as it would reach Django from a reader at
    (scheme, host, port): the same keys, whatever proxy headers the settings trust."""
    global _handler
    if _handler is None:
        _handler = WSGIHandler()
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": host.rsplit(":", 1)[0] if not host.endswith("]") else host,
        "SERVER_PORT": str(port),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "HTTP_USER_AGENT": USER_AGENT,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": scheme,
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }
    if settings.SECURE_PROXY_SSL_HEADER:
        header, secure = settings.SECURE_PROXY_SSL_HEADER
        environ[header] = secure if scheme == "https" else scheme
    if settings.USE_X_FORWARDED_HOST:
        environ["HTTP_X_FORWARDED_HOST"] = host
    if settings.USE_X_FORWARDED_PORT:
        environ["HTTP_X_FORWARDED_PORT"] = str(port)
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"] = status

    with _connections_kept():
        response = _handler(environ, start_response)
        try:
            for _chunk in response:
                pass
        finally:
            response.close()  # request_finished: what the request built is written
    return answer.get("status", "")


@contextmanager
def _connections_kept():
    # A request's start and end close the database connections Django would not reuse:
    # the worker's own, mid-task (and a test's, mid-transaction). As Django's test client.
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    try:
        yield
    finally:
        for signal in signals:
            signal.connect(close_old_connections)
