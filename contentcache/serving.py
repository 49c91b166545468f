"""Wagtail pages kept whole in the content cache, for readers who are the same as any other.

Without the page cache (or for requests it does not answer), a page asked for again costs
Django's whole stack and its templates, even when every part of it comes from the content
cache (contentcache.content). Here, for a GET with no query string and nothing personal
(pagecache.private_request: no session, messages cookie or Authorization, not a preview
or the admin), the page's response is kept under the content version, its path, host and
scheme, and today's date (a post stops taking comments on a given day). It is stored from
inside Wagtail's view restriction check (an `on_serve_page` hook with a later order,
contentcache.wagtail_hooks), so only a page that anyone may see is kept.

A request for an address kept whole is answered without routing: the site middleware finds
the entry with the version, in one round trip (`kept_entry`), and the page view
(home.views.serve_page) checks the page's path against the view restrictions and hidden
sections of the same version (home.visibility) before serving it. Every middleware still
runs. The address leads to the same page for as long as the version lasts: any page,
site or restriction change replaces it.

What is new for every request (the comment form's one-off token, made by a function
decorated with `content.per_request`) is kept as a hole and made afresh for each reader.
Anything else a page shows must be the same for every such reader, as for the page cache.
Only 200 responses that the page cache would keep are stored (pagecache.public_response),
never one that used a CSRF token.
"""

from django.http import HttpResponse
from django.template.response import SimpleTemplateResponse
from django.utils import timezone

from contentcache import content, pagecache
from contentcache.pagecache import NOT_STORED


def kept_whole(request):
    """Whether this request's page may come from, and go into, the cache whole."""
    return (
        not request.META.get("QUERY_STRING")
        and not pagecache.private_request(request)
        and content.usable(request)
    )


def whole_key(request):
    address = (request.get_port(), request.path, timezone.localdate().isoformat())
    return content.key("whole", *address, request=request)


def kept_entry(request):
    """The entry kept for this request's address, or None: for the site middleware, right
    after content.prefetch (so that it comes with the version, in the bundle)."""
    if request.method not in ("GET", "HEAD") or not kept_whole(request):
        return None
    key = whole_key(request)
    if not content.reachable():  # found out just now, reading the version
        return None
    entry = content.recall(key)
    return None if entry is content.MISSING else entry


def serve_whole(serve):
    """The `on_serve_page` hook: `serve`, keeping what it answered whole when it may be."""

    def serve_page(page, request, args, kwargs):
        if not kept_whole(request):
            return serve(page, request, args, kwargs)
        with content.holes() as holes:
            response = serve(page, request, args, kwargs)
            if isinstance(response, SimpleTemplateResponse):
                response.render()  # now, to see the holes made while rendering
        if request.method == "GET" and storable(request, response) and content.reachable():
            entry = to_entry(response, holes)
            keys = pagecache.surrogate_keys(request, response)
            content.remember(whole_key(request), (page.path, keys, *entry))
        return response

    return serve_page


def page_path(entry):
    """The tree path of the page an entry is of, for the view restriction check."""
    return entry[0]


def from_kept(request, entry):
    """The response of a kept entry, with the surrogate keys it was built with."""
    _path, keys, *whole = entry
    request.bulletin_surrogate_keys = keys
    return from_entry(whole)


def storable(request, response):
    # A CSRF token in the page would be one reader's.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    return pagecache.public_response(request, response)


def to_entry(response, holes):
    """(status, headers, parts): the body in pieces of bytes, with (name, args) where a
    per-request value was."""
    parts = [response.content]
    for value, name, args in holes:
        cut = []
        for part in parts:
            if not isinstance(part, bytes):
                cut.append(part)
                continue
            for i, piece in enumerate(part.split(value.encode())):
                if i:
                    cut.append((name, args))
                cut.append(piece)
        parts = cut
    headers = [(k, v) for k, v in response.items() if k.lower() not in NOT_STORED]
    return response.status_code, headers, parts


def from_entry(entry):
    status, headers, parts = entry
    body = b"".join(
        part if isinstance(part, bytes) else content.fill(*part).encode() for part in parts
    )
    response = HttpResponse(body, status=status)
    for name, value in headers:
        response[name] = value
    return response
