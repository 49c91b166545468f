"""Which pages readers may see, reading the hidden sections once per request.

A page is hidden from readers when it is not live, when it or an ancestor has a view
restriction (Wagtail's `public()`), or when an ancestor is not live: Wagtail checks only
the page's own `live`, so the posts of an unpublished blog would still be listed, found
and served. `for_readers()` on our page querysets (and `exclude_hidden()` for any page
queryset) applies all three; page routing refuses to go through a page that is not live
(`home.models.BasePage.route`).

Wagtail's `PageQuerySet.public()` and its serve-time check each query the restrictions
again; a page with a sidebar, navigation and listings asked five times. Here the hidden
sections (restricted pages, and pages that are not live but have children) are read in one
query once per request (a memo set up by `request_started`) and forgotten when the request
ends or when a restriction or a page's state changes, so no later request sees a stale
answer. Outside a request (commands, the task worker) nothing is memoised.

With the content cache on, the query's answer is also kept there, under the content
version, which every change that can alter it replaces (a restriction saved or deleted, a
page saved, published, unpublished, moved or deleted: contentcache.apps). A page kept whole
(contentcache.serving) is then answered without the database: Wagtail's view restriction
check still runs for every request, against the restrictions as of the current version,
exactly as fresh as the pages themselves in the page cache.
"""

from contextvars import ContextVar

from django.db.models import BigIntegerField, Q, Value

from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet

from contentcache import content

_memo = ContextVar("bulletin_view_restrictions", default=None)


def start_request(**kwargs):
    _memo.set({})


def end_request(**kwargs):
    _memo.set(None)


def forget_restrictions(**kwargs):
    memo = _memo.get()
    if memo is not None:
        memo.clear()


def hidden_sections():
    """(view restriction id or None, page path, live) of every restricted page and every
    page that is not live but has pages under it (the tree's root aside), in one query."""
    memo = _memo.get()
    if memo is not None and "sections" in memo:
        return memo["sections"]
    found = content.cached("hidden-sections", compute=_read_hidden_sections)
    if memo is not None:
        memo["sections"] = found
    return found


def _read_hidden_sections():
    # Two parts, each read from an index (the restrictions' table is small; the pages not
    # live with pages under them have a partial index, home/migrations/0003): as one
    # filter with OR, PostgreSQL scanned every page.
    restricted = PageViewRestriction.objects.values_list("pk", "page__path", "page__live")
    unpublished = Page.objects.filter(live=False, numchild__gt=0, depth__gt=1).values_list(
        Value(None, output_field=BigIntegerField()), "path", "live"
    )
    return list(restricted.order_by().union(unpublished.order_by(), all=True))


def restrictions():
    """(id, restricted page's path) of every view restriction."""
    return [(pk, path) for pk, path, _live in hidden_sections() if pk is not None]


def _sections_q(sections):
    q = Q()
    for path in sections:
        q |= Q(path__startswith=path)
    return q if q else Q(pk__in=[])


def private_q():
    """Pages in a restricted section (the restricted page and its descendants)."""
    return _sections_q({path for _pk, path in restrictions()})


def hidden_q():
    """Pages in a restricted section or under a page that is not live (a draft or
    unpublished blog)."""
    return _sections_q({path for pk, path, live in hidden_sections() if pk or not live})


def exclude_hidden(pages):
    """`pages` (a page queryset of any type) without those readers cannot reach: behind a
    view restriction or under a page that is not live. Not live pages themselves are
    for the caller's `live()`."""
    return pages.exclude(hidden_q())


def restrictions_for(page):
    """The view restrictions on `page` and its ancestors, as a queryset (as Wagtail's
    `Page.get_view_restrictions` returns); without any, one that never queries."""
    ids = [pk for pk, path in restrictions() if page.path.startswith(path)]
    if not ids:
        return PageViewRestriction.objects.none()
    return PageViewRestriction.objects.filter(pk__in=ids)


def is_public(page):
    """Whether readers may see `page` (as `for_readers()` answers for a queryset): live,
    outside every restricted section and under no page that is not live."""
    return page.live and not path_is_hidden(page.path)


def path_is_hidden(page_path):
    """Whether the page at `page_path` is in a restricted section or under (or is) a page
    that is not live but has pages under it."""
    return any(
        page_path.startswith(path) for pk, path, live in hidden_sections() if pk or not live
    )


class VisiblePageQuerySet(PageQuerySet):
    """A PageQuerySet whose `public()` uses the memoised restrictions, and whose
    `for_readers()` is what readers may reach."""

    def private_q(self):
        return private_q()

    def for_readers(self):
        """Live pages that are not behind a view restriction nor under a page that is not
        live: the one test of what readers may see, listed, found or served."""
        return self.live().exclude(hidden_q())
