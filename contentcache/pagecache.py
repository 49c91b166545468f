"""The page cache, and the HTTP caching headers a CDN needs (README, "Caching").

Whole public pages for anonymous readers are kept in the cache under the content version
(contentcache.content), so that anything readers could see changing (a publish, unpublish,
move, deletion, comment approval or settings change) refreshes them all at once, with no
purge list. A hit is answered here, before sessions, sites or views: no database query,
so cached pages are still served while PostgreSQL is away.

Every public response (hit or miss, with the page cache on or off) says so for a CDN:
`Cache-Control: public, max-age, s-maxage, stale-while-revalidate`, a strong `ETag` (a hash
of the body), `Last-Modified` and surrogate keys (`Cache-Tag`, `Surrogate-Key`, `xkey`); a
conditional GET that matches is answered 304. Anything else that could be personal (a
session, the admin, sign-off pages, previews, POSTs) leaves `private, no-store`.

Only requests and responses that are the same for every reader are kept:
- GET (HEAD is served from it too), no session, messages or Authorization, not the
  admin, sign-off pages, comments, alerts, health checks or documents;
- a query string of parameters some reader view reads (KNOWN_PARAMETERS); campaign
  parameters (utm_...) are answered from the page without them but never stored, anything
  else is not cached (`/?p=123` is a redirect, not the home page). Entries with a query
  string (searches) are limited to BULLETIN_PAGE_CACHE_MAX_QUERIES per content version,
  so that random queries cannot push the pages out of the cache;
- a 200 response, not streamed, setting no cookie, not a preview, whose view did not say
  private, no-store or no-cache, and that varies on nothing but Cookie and
  Accept-Encoding. 301s and 404s are not kept: a redirect or a missing page costs what it
  did before, and caching them would let random addresses fill the cache.

Each process also keeps the entries it last built or read in its own memory (LocalCopies),
under the same keys: a hit then asks the cache for the content version alone, one small
round trip, instead of a second one carrying the whole page (a feed is hundreds of KB).

A textual entry holds a gzip copy of its body too, made once as it is stored, and sent
(with its own ETag) to clients that accept gzip, on the hit and on the miss that stored
it (contentcache.compression).
"""

import hashlib
import threading
import time
from collections import OrderedDict
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import (
    cc_delim_re,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date, parse_http_date_safe

from contentcache import compression, content

KNOWN_PARAMETERS = frozenset(
    {"q", "page", "blog", "category", "author", "from", "to", "comment", "reply_to"}
)
# Added to shared links by campaigns and social sites; no view reads them.
IGNORED_PREFIXES = ("utm_", "fbclid", "gclid", "msclkid", "mc_cid", "mc_eid", "_ga")
# Answers the cache leaves alone: forms with their own rules, health checks (they must
# say how the process is now), documents (their collection's privacy, streamed).
NEVER_PREFIXES = (
    "/comments/",
    "/alerts/",
    "/subscribe/",
    "/healthz/",
    "/readyz/",
    "/documents/",
)
# Headers the view's response keeps in the cache; the security headers are added again
# on the way out by the middleware around this one.
NOT_STORED = frozenset({"set-cookie", "content-length", "date"})
KEY_HEADERS = ("Cache-Tag", "Surrogate-Key", "xkey")
STATUS_HEADER = "X-Page-Cache"
# The process's own copies: a few hundred pages at most, and a minute at most, so that if
# a change's new version was lost (the cache unreachable at that moment) a process serves
# the old page hardly longer than the cache would.
LOCAL_BYTES = 32 * 1024 * 1024
LOCAL_SECONDS = 60


def enabled():
    # The version is only replaced on changes while the content cache is on.
    return getattr(settings, "BULLETIN_PAGE_CACHE", False) and content.enabled()


def timeout():
    return getattr(settings, "BULLETIN_PAGE_CACHE_TIMEOUT", 600)


def private_request(request):
    """Whether the answer may be personal to whoever asked, from what the request says
    alone (nothing here reads the database)."""
    if request.method not in ("GET", "HEAD"):
        return True
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return True
    # Wagtail's previews are dummy requests at the page's public address, run through the
    # middleware before the view marks them is_preview.
    if getattr(request, "is_dummy", False) or getattr(request, "is_preview", False):
        return True
    if "HTTP_AUTHORIZATION" in request.META:
        return True
    # Sign-off pages show drafts to whoever holds the link.
    return request.path_info.startswith((settings.ADMIN_URL_PREFIX, "/sign-off/"))


def query_key(request):
    """(the query string's parameters in order, whether some were dropped), or None if
    it has a parameter no view reads and the page must not be cached."""
    kept, dropped = [], False
    for name, value in parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True):
        if name in KNOWN_PARAMETERS:
            kept.append((name, value))
        elif name.startswith(IGNORED_PREFIXES):
            dropped = True
        else:
            return None
    # Sorted by name (stable: repeated names keep their order), so that the order the
    # parameters come in does not make another entry.
    return sorted(kept, key=lambda pair: pair[0]), dropped


def cache_control_forbids(response):
    directives = {
        d.split("=")[0].strip().lower()
        for d in cc_delim_re.split(response.get("Cache-Control", ""))
        if d
    }
    if {"private", "no-store", "no-cache"} & directives:
        return True
    return "max-age=0" in response.get("Cache-Control", "").replace(" ", "")


def public_response(request, response):
    """Whether `response` is the same for every reader and may be kept by anyone."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if getattr(request, "is_preview", False) or cache_control_forbids(response):
        return False
    varies = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v}
    return varies <= {"cookie", "accept-encoding"}


def surrogate_keys(request, response):
    """Names under which a CDN may purge this response: the post, its blog, the kind of
    page (listing, feed, search) and the site."""
    keys = []
    page = getattr(request, "bulletin_page", None)
    content_type = response.get("Content-Type", "")
    is_feed = "atom+xml" in content_type or "rss+xml" in content_type
    if page is not None:
        keys.append(f"page-{page.pk}")
        kind = type(page).__name__
        if kind == "PostPage":
            keys.append(f"post-{page.pk}")
            blog = page.__dict__.get("_blog")  # set by the blog's routing: no query
            if blog is not None:
                keys.append(f"blog-{blog.pk}")
        elif kind == "BlogPage":
            keys.append(f"blog-{page.pk}")
            keys.append("feed" if is_feed else "listing")
        elif kind == "HomePage":
            keys.append("listing")
    else:
        match = getattr(request, "resolver_match", None)
        name = match.url_name if match else None
        if name in ("search", "search_suggest"):
            keys.append("search")
        elif name == "all_posts":
            keys.append("listing")
        elif is_feed or name == "network_feed":
            keys.append("feed")
    site = getattr(request, "_wagtail_site", None)
    if site is not None:
        keys.append(f"site-{site.pk}")
    return list(dict.fromkeys(keys))


def make_public(request, response, built):
    patch_cache_control(
        response,
        public=True,
        max_age=settings.BULLETIN_CACHE_MAX_AGE,
        s_maxage=settings.BULLETIN_CACHE_S_MAXAGE,
        stale_while_revalidate=settings.BULLETIN_CACHE_STALE_WHILE_REVALIDATE,
    )
    for directive in ("private", "no-store", "no-cache"):
        if directive in response["Cache-Control"]:
            response["Cache-Control"] = ", ".join(
                d for d in cc_delim_re.split(response["Cache-Control"]) if d != directive
            )
    # The page is the same with any cookie: a CDN must not keep a copy per reader.
    # (A signed-in view is never public: see private_request.)
    if response.has_header("Vary"):
        vary = [v for v in cc_delim_re.split(response["Vary"]) if v and v.lower() != "cookie"]
        if vary:
            response["Vary"] = ", ".join(vary)
        else:
            del response["Vary"]
    # Another client may be sent the same address gzipped (a page-cache entry): a CDN
    # must keep the two apart.
    if compression.compressible(response):
        patch_vary_headers(response, ["Accept-Encoding"])
    response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:40]}"'
    if not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date(built)
    keys = surrogate_keys(request, response)
    if keys:
        response["Cache-Tag"] = ",".join(keys)  # Cloudflare: commas
        response["Surrogate-Key"] = " ".join(keys)  # Fastly: spaces
        response["xkey"] = " ".join(keys)  # Varnish's xkey vmod


def make_private(response):
    """Never `public`, never stored by anyone: whatever the view said."""
    if response.has_header("Cache-Control"):
        kept = [
            d
            for d in cc_delim_re.split(response["Cache-Control"])
            if d and d.split("=")[0].strip().lower() not in ("public", "s-maxage")
        ]
        response["Cache-Control"] = ", ".join(kept)
    patch_cache_control(response, private=True, no_store=True)


def conditional(request, response):
    last_modified = response.get("Last-Modified")
    answer = get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=parse_http_date_safe(last_modified) if last_modified else None,
        response=response,
    )
    if answer is not response and response.has_header(STATUS_HEADER):
        answer[STATUS_HEADER] = response[STATUS_HEADER]
    return answer


class PageCacheMiddleware:
    """After the security headers' middleware (every answer still carries them) and
    WhiteNoise, before sessions and everything that reads the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        private = private_request(request)
        never = request.path_info.startswith(NEVER_PREFIXES)
        query = None if private or never else query_key(request)
        key = None
        if query is not None and enabled() and content.usable(request):
            params, _ = query
            # "page-gz": entries hold a gzip copy since; a process of the release before,
            # in a rolling deploy, reads and writes its own.
            address = (request.get_port(), request.path, params)
            key = content.key("page-gz", *address, request=request)
            if not content.reachable():  # found out just now, reading the version
                key = None
            entry = self.lookup(key) if key else None
            if entry is not None:
                return conditional(request, self.from_entry(entry, request))

        response = self.get_response(request)

        if private or request.method not in ("GET", "HEAD"):
            make_private(response)
            return response
        if query is None or not public_response(request, response):
            return response
        make_public(request, response, time.time())
        params, dropped = query
        if key and request.method == "GET" and not dropped and self.within_budget(params):
            entry = self.to_entry(response)
            cache.set(key, entry, timeout())
            local.put(key, entry)
            response[STATUS_HEADER] = "miss"
            if entry[3] is not None and accepts_gzip(request):
                encode(response, entry[3])
        return conditional(request, response)

    @staticmethod
    def lookup(key):
        """The entry under `key` (which holds the content version): from this process's
        memory, else from the cache, and kept in memory."""
        entry = local.get(key)
        if entry is None:
            entry = cache.get(key)
            if entry is not None:
                local.put(key, entry)
        return entry

    @staticmethod
    def within_budget(params):
        """Pages without a query string are as many as the site's pages; those with one
        (a search) are counted, per content version."""
        if not params:
            return True
        counter = f"page-budget:{content.current()}"
        cache.add(counter, 0, timeout())
        try:
            count = cache.incr(counter)
        except ValueError:  # expired between the two calls, or the cache is away
            return False
        return count is not None and count <= settings.BULLETIN_PAGE_CACHE_MAX_QUERIES

    @staticmethod
    def to_entry(response):
        """(status, headers, body, the body gzipped or None)."""
        headers = [(k, v) for k, v in response.items() if k.lower() not in NOT_STORED]
        return (response.status_code, headers, response.content, compression.gzipped(response))

    @staticmethod
    def from_entry(entry, request):
        status, headers, body, packed = entry
        response = HttpResponse(body, status=status)
        for name, value in headers:
            response[name] = value
        # As CommonMiddleware says on a miss: else gunicorn sends the body in chunks.
        response["Content-Length"] = str(len(body))
        response[STATUS_HEADER] = "hit"
        if packed is not None and accepts_gzip(request):
            encode(response, packed)
        return response


def accepts_gzip(request):
    return compression.accepts_gzip(request.META.get("HTTP_ACCEPT_ENCODING"))


def encode(response, packed):
    """`response` as its gzip representation, `packed` its body."""
    response.content = packed
    response["Content-Encoding"] = "gzip"
    response["Content-Length"] = str(len(packed))
    response["ETag"] = compression.gzip_etag(response["ETag"])


class LocalCopies:
    """Page-cache entries in this process's memory, the most recently used first, up to
    `max_bytes` of bodies (and their gzip copies), each for `seconds` at most. Their keys
    hold the content version, so a change is seen here as soon as in the cache."""

    def __init__(self, max_bytes, seconds):
        self.max_bytes, self.seconds = max_bytes, seconds
        self.entries = OrderedDict()  # key: (expires, size, entry)
        self.size = 0
        self.lock = threading.Lock()  # gunicorn's threaded workers share it

    def get(self, key):
        with self.lock:
            found = self.entries.get(key)
            if found is None:
                return None
            if found[0] < time.monotonic():
                self.drop(key)
                return None
            self.entries.move_to_end(key)
            return found[2]

    def put(self, key, entry):
        size = len(entry[2]) + len(entry[3] or b"")
        if size > self.max_bytes:
            return
        with self.lock:
            if key in self.entries:
                self.drop(key)
            self.entries[key] = (time.monotonic() + self.seconds, size, entry)
            self.size += size
            while self.size > self.max_bytes:
                self.drop(next(iter(self.entries)))

    def drop(self, key):
        self.size -= self.entries.pop(key)[1]

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.size = 0


local = LocalCopies(LOCAL_BYTES, LOCAL_SECONDS)
