"""A blog's sidebar links (its categories and the months it published in), worked out
when content changes rather than by every page that shows them.

They are kept per blog in the database (`BlogSidebar`), so that pages have them without
the content cache too, and come with the blog when it is routed (contentcache.pages).
Every change that could alter them (a page published, unpublished, moved or deleted, a
category, a view restriction, or anything unnamed: contentcache.content.changed) works
them out again once the transaction commits: for the blogs holding the page (before and
after a move) when a page or its restriction changed, for every blog otherwise (a
category is the network's; an unnamed change could be anything). A network of a few
hundred blogs thus pays two queries a publish, not two a blog. A blog without a row yet
(just created, or a change whose transaction has not committed) gets them from the
database as it is.
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


def refresh(blog_ids=None):
    """Work out the links of the blogs `blog_ids` (all blogs: None) again and store them."""
    from posts.models import BlogPage, BlogSidebar

    blogs = BlogPage.objects.all()
    if blog_ids is not None:
        blogs = blogs.filter(pk__in=blog_ids)
    for blog in blogs:
        BlogSidebar.objects.update_or_create(blog=blog, defaults=work_out(blog))


def blogs_of(page, moved_from=None):
    """The ids of the blogs at or above `page` (a deleted page's path still says where it
    was), and above `moved_from`, the url_path it had before a move."""
    from posts.models import BlogPage

    steps = range(Page.steplen, len(page.path) + 1, Page.steplen)
    found = BlogPage.objects.filter(path__in=[page.path[:n] for n in steps])
    if moved_from:
        parts = moved_from.strip("/").split("/")
        above = ["/" + "/".join(parts[:n]) + "/" for n in range(1, len(parts) + 1)]
        found = found | BlogPage.objects.filter(url_path__in=above)
    return set(found.values_list("pk", flat=True))


def content_changed(sender, instance=None, moved_from=None, **kwargs):
    """Receiver of contentcache.content.changed: refresh once the transaction commits (at
    once outside one), once however many changes it made. The blogs' kept post
    neighbours (posts.neighbours) change with the same changes: they are out of date from
    this transaction on, and worked out again by the worker once it commits."""
    from django.db.models import F

    from posts.models import BlogSidebar, Category

    if isinstance(instance, PageViewRestriction):
        instance = instance.page
    if isinstance(instance, Page):
        blogs = blogs_of(instance, moved_from)
        if not blogs:
            return  # a page outside any blog: the home page, a standard page
    elif instance is None or isinstance(instance, Category):
        blogs = None  # every blog
    else:
        return  # people, tags, images, settings, comments: not in the sidebar
    rows = BlogSidebar.objects.all() if blogs is None else BlogSidebar.objects.filter(pk__in=blogs)
    rows.update(posts_version=F("posts_version") + 1)
    pending = getattr(_pending, "blogs", set())
    _pending.blogs = None if pending is None or blogs is None else pending | blogs
    transaction.on_commit(_refresh_pending, robust=True)


def _refresh_pending():
    # Only the first hook of a transaction refreshes. One dropped by a rollback leaves its
    # blogs for the next commit: refreshing what did not change costs two queries a blog.
    blogs = getattr(_pending, "blogs", set())
    if blogs == set():
        return
    _pending.blogs = set()
    refresh(blogs)
    from posts import neighbours

    neighbours.refresh.enqueue(None if blogs is None else sorted(blogs))
