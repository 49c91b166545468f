"""A blog's sidebar links (its categories and the months it published in), worked out
when content changes rather than by every page that shows them.

They are kept per blog in the database (`BlogSidebar`), so that pages have them without
the content cache too, and come with the blog when it is routed (contentcache.pages).
Every change that could alter them (a page published, unpublished, moved or deleted, a
category, a view restriction, or anything unnamed: contentcache.content.changed) works
them out again for every blog once the transaction commits: a network has few blogs, and
a change is rare next to the pages read. A blog without a row yet (just created, or a
change whose transaction has not committed) gets them from the database as it is.
"""

import datetime
import threading

from django.db import transaction
from django.db.models import DateField, Value
from django.db.models.functions import TruncMonth

from wagtail.models import Page, PageViewRestriction

# Set on a routed blog by contentcache.pages (None: no row).
BROUGHT = {
    "sidebar_categories": "sidebar_links__categories",
    "sidebar_months": "sidebar_links__months",
}

_pending = threading.local()


def work_out(blog):
    """{"categories": [[name, slug]] of the published categories this blog's published
    posts use, by name; "months": ["YYYY-MM-DD"] of the first day of each month in which
    it published, newest first}, in one query (a UNION)."""
    from posts.models import Category, PostPage

    posts = PostPage.objects.child_of(blog).for_readers()
    categories = (
        Category.objects.live()
        .filter(posts__in=posts)
        .order_by()
        .values_list("name", "slug", Value(None, output_field=DateField()))
    )
    months = (
        posts.filter(date__isnull=False)
        .annotate(month=TruncMonth("date", output_field=DateField()))
        .order_by()
        .values_list(Value(""), Value(""), "month")
    )
    rows = list(categories.union(months))  # UNION: each category and month once
    return {
        "categories": sorted([name, slug] for name, slug, month in rows if month is None),
        # A date, or on PostgreSQL the midnight (UTC) that starts it.
        "months": sorted((f"{month:%Y-%m-01}" for *_, month in rows if month), reverse=True),
    }


def links(blog):
    """The blog's sidebar links, as `work_out` gives them: brought with the blog, read
    from its row, or worked out if it has none."""
    from posts.models import BlogSidebar

    if getattr(blog, "sidebar_categories", None) is not None:
        return {"categories": blog.sidebar_categories, "months": blog.sidebar_months}
    if "sidebar_categories" not in blog.__dict__:  # not routed with it: ask for the row
        row = BlogSidebar.objects.filter(blog=blog).values("categories", "months").first()
        if row is not None:
            return row
    return work_out(blog)


def months_of(found):
    return [datetime.date.fromisoformat(month) for month in found["months"]]


def refresh():
    """Work out every blog's links again and store them."""
    from posts.models import BlogPage, BlogSidebar

    for blog in BlogPage.objects.all():
        BlogSidebar.objects.update_or_create(blog=blog, defaults=work_out(blog))


def content_changed(sender, instance=None, **kwargs):
    """Receiver of contentcache.content.changed: refresh once the transaction commits (at
    once outside one), once however many changes it made."""
    from posts.models import Category

    if instance is not None and not isinstance(instance, Page | Category | PageViewRestriction):
        return  # people, tags, images, settings, comments: not in the sidebar
    _pending.stale = True
    transaction.on_commit(_refresh_if_stale, robust=True)


def _refresh_if_stale():
    # Only the first hook of a transaction refreshes. One dropped by a rollback leaves the
    # flag for the next commit: refreshing what did not change costs a query per blog.
    if getattr(_pending, "stale", False):
        _pending.stale = False
        refresh()
