"""Wagtail pages kept whole in the content cache, for readers who are the same as any other.

Without the page cache (or for requests it does not answer), a page asked for again costs
Django's whole stack and its templates, even when every part of it comes from the content
cache (contentcache.content). Here, for a GET with no query string and nothing personal
(pagecache.private_request: no session, messages cookie or Authorization, not a preview
or the admin), the page's response is kept under the content version, its path, host and
scheme, and today's date (a post stops taking comments on a given day). Routing and
Wagtail's view restriction check (one query, on purpose) still run for every request: this
wraps the serving of the page inside that check (an `on_serve_page` hook with a later
order, contentcache.wagtail_hooks).

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


def serve_whole(serve):
    """The `on_serve_page` hook: `serve`, or the page kept whole."""

    def serve_page(page, request, args, kwargs):
        if not kept_whole(request):
            return serve(page, request, args, kwargs)
        address = (request.get_port(), request.path, page.pk)
        key = content.key("whole", *address, timezone.localdate().isoformat(), request=request)
        if not content.reachable():  # found out just now, reading the version
            return serve(page, request, args, kwargs)
        entry = content.recall(key)
        if entry is not content.MISSING:
            return from_entry(entry)
        with content.holes() as holes:
            response = serve(page, request, args, kwargs)
            if isinstance(response, SimpleTemplateResponse):
                response.render()  # now, to see the holes made while rendering
        if request.method == "GET" and storable(request, response):
            content.remember(key, to_entry(response, holes))
        return response

    return serve_page


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
