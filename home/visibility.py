"""Which pages readers may see, reading the view restrictions once per request.

Wagtail's `PageQuerySet.public()` and its serve-time check each query the restrictions
again; a page with a sidebar, navigation and listings asked five times. Here they are read
once per request (a memo set up by `request_started`) and forgotten when the request ends
or when a restriction is saved or deleted, so no later request sees a stale answer.
Outside a request (commands, the task worker) nothing is memoised.
"""

from contextvars import ContextVar

from django.db.models import Q

from wagtail.models import PageViewRestriction
from wagtail.query import PageQuerySet

_memo = ContextVar("bulletin_view_restrictions", default=None)


def start_request(**kwargs):
    _memo.set({})


def end_request(**kwargs):
    _memo.set(None)


def forget_restrictions(**kwargs):
    memo = _memo.get()
    if memo is not None:
        memo.clear()


def restrictions():
    """(id, restricted page's path) of every view restriction."""
    memo = _memo.get()
    if memo is not None and "restrictions" in memo:
        return memo["restrictions"]
    found = list(PageViewRestriction.objects.values_list("pk", "page__path"))
    if memo is not None:
        memo["restrictions"] = found
    return found


def private_q():
    """Pages in a restricted section (the restricted page and its descendants)."""
    q = Q()
    for _pk, path in restrictions():
        q |= Q(path__startswith=path)
    return q if q else Q(pk__in=[])


def exclude_private(pages):
    """`pages` (a page queryset of any type) without those behind a view restriction."""
    return pages.exclude(private_q())


def restrictions_for(page):
    """The view restrictions on `page` and its ancestors, as a queryset (as Wagtail's
    `Page.get_view_restrictions` returns); without any, one that never queries."""
    ids = [pk for pk, path in restrictions() if page.path.startswith(path)]
    if not ids:
        return PageViewRestriction.objects.none()
    return PageViewRestriction.objects.filter(pk__in=ids)


def is_public(page):
    """Whether readers may see `page`: live and outside every restricted section."""
    return page.live and not any(page.path.startswith(path) for _pk, path in restrictions())


class VisiblePageQuerySet(PageQuerySet):
    """A PageQuerySet whose `public()` uses the memoised restrictions."""

    def private_q(self):
        return private_q()
