"""Gzip copies of page-cache entries (contentcache.pagecache; README, "Caching").

A textual page of more than MIN_SIZE bytes is compressed once, when the page cache stores
it, and the copy is kept beside it (in the cache and in each process's LocalCopies). A
request whose Accept-Encoding accepts gzip is answered with the copy; any other with the
page as it was built. Both say `Vary: Accept-Encoding` (make_public), and each has its own
strong ETag. A 271 KB feed is then 52 KB on the wire, for every browser, feed reader and CDN.

Safe from BREACH (docs/security.md): an entry is the same for every reader, holds no
session's secret (no CSRF token: the page cache keeps no response that sets a cookie, and
the comment form's token is the same for everyone who gets the cached page).
"""

import gzip

from django.utils.cache import cc_delim_re

# Below this, the gzip header and the round trip saved do not pay for the work.
MIN_SIZE = 1024
# The copy is made by the request that builds the page, the first reader's after a change:
# the Atom feed of 20 posts, 271 KB, becomes 52 KB in 2.8 ms at 4 (6, zlib's default:
# 48 KB in 4.7 ms; 9: 47 KB in 6.1 ms; 1: 63 KB in 1.8 ms; session 18). 4 takes 2 ms off
# a cold feed (issue 16's 30 ms) for 9% more bytes.
LEVEL = 4
TEXT_TYPES = frozenset(
    {
        "application/atom+xml",
        "application/rss+xml",
        "application/xml",
        "application/xhtml+xml",
        "application/json",
        "application/ld+json",
        "application/manifest+json",
        "application/javascript",
        "image/svg+xml",
    }
)


def media_type(response):
    return response.get("Content-Type", "").split(";")[0].strip().lower()


def compressible(response):
    """Whether a gzip copy of `response`'s body is worth keeping."""
    if response.streaming or response.has_header("Content-Encoding"):
        return False
    kind = media_type(response)
    textual = kind.startswith("text/") or kind in TEXT_TYPES or kind.endswith(("+xml", "+json"))
    return textual and len(response.content) > MIN_SIZE


def compress(body):
    # mtime=0: the same body gives the same bytes, in every process.
    return gzip.compress(body, compresslevel=LEVEL, mtime=0)


def gzipped(response):
    """The gzip copy of `response`'s body, or None if there is none to send."""
    if not compressible(response):
        return None
    packed = compress(response.content)
    return packed if len(packed) < len(response.content) else None


def quality(value):
    """An Accept-Encoding q-value as a number; 0 for one that is not (refused)."""
    try:
        number = float(value)
    except ValueError:
        return 0.0
    return number if 0 <= number <= 1 else 0.0


def accepts_gzip(header):
    """Whether an Accept-Encoding header accepts gzip (RFC 9110, 12.5.3): named (or as
    x-gzip) with a q-value above 0, else through `*`; and not below identity's own, if
    that is named. No header, or an empty one: identity only."""
    qualities = {}
    for item in cc_delim_re.split(header or ""):
        coding, *parameters = (part.strip() for part in item.split(";"))
        if not coding:
            continue
        q = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                q = quality(value.strip())
        coding = coding.lower()
        qualities["gzip" if coding == "x-gzip" else coding] = q
    q = qualities.get("gzip", qualities.get("*", 0.0))
    return q > 0 and q >= qualities.get("identity", 0.0)


def gzip_etag(etag):
    """The gzip representation's strong ETag: another representation, another tag."""
    return f'{etag[:-1]}-gzip"' if etag.endswith('"') else etag
