"""The related, previous and next posts under each post, worked out by the worker for a
whole blog at once and kept per post (PostNeighbours), so that no reader queries for them:
without the content cache, and for the first reader after a change, they were a sixth of
a post page's time (issue 16).

They change whenever the blog's posts do (one published, unpublished, moved, deleted or
restricted; its categories, tags or date), so every change posts.sidebar hears of for a
blog raises the blog's `posts_version` in the change's own transaction; once it commits,
the worker works the blog's neighbours out again and marks them current for that version
(`neighbours_version`). A page shows the kept neighbours only while the two match, and
only if they were worked out from what the page asks about (`key`: the post's date,
categories, tags and picked posts; a preview of other categories asks afresh); otherwise
it asks the database as before (PostPage.neighbours). Kept links hold no address: each is
the blog's address and the post's slug, so a move above the blog changes nothing here.
"""

import datetime
import hashlib
import heapq
import json

from django_tasks import task

from django.db import DEFAULT_DB_ALIAS, transaction

from .models import BlogPage, BlogSidebar, PostNeighbours, PostPage, PostPageTag
from .models.pages import NEWEST_FIRST, RELATED_POSTS

# Set on a routed blog by contentcache.pages, with the sidebar links (posts.sidebar).
BROUGHT = {
    "sidebar_posts_version": "sidebar_links__posts_version",
    "sidebar_neighbours_version": "sidebar_links__neighbours_version",
}


def key(date, category_ids, tag_ids, picked_ids):
    """What a post's neighbours are worked out from, besides the blog's other posts."""
    asked = [date.isoformat() if date else None, sorted(category_ids), sorted(tag_ids)]
    return hashlib.sha256(json.dumps([*asked, list(picked_ids)]).encode()).hexdigest()


def kept(post, blog, categories, tags):
    """`post`'s neighbours as PostPage.neighbours gives them, from its kept row; None if
    they are not current for the blog or were worked out for other categories, tags,
    date or picked posts (a preview), or were never worked out."""
    current = getattr(blog, "sidebar_posts_version", None)
    if current is None or current != getattr(blog, "sidebar_neighbours_version", None):
        return None
    try:
        row = post.kept_neighbours  # brought with a routed post
    except PostNeighbours.DoesNotExist:
        return None
    asked = key(post.date, [c.pk for c in categories], [t.pk for t in tags], post.picked_ids)
    if row.key != asked:
        return None
    links = row.links
    return {
        "related": [_post(link, blog) for link in links["related"]],
        "previous": _post(links["previous"], blog) if links["previous"] else None,
        "next": _post(links["next"], blog) if links["next"] else None,
    }


def _post(link, blog):
    """A PostPage with what a link to it shows (posts.models.pages.NEIGHBOUR_FIELDS)."""
    pk, title, slug, date = link
    values = {
        "id": pk,
        "page_ptr_id": pk,
        "title": title,
        "slug": slug,
        "url_path": f"{blog.url_path}{slug}/",  # posts live directly under their blog
        "date": datetime.date.fromisoformat(date) if date else None,
    }
    names = [f.attname for f in PostPage._meta.concrete_fields if f.attname in values]
    return PostPage.from_db(DEFAULT_DB_ALIAS, names, [values[name] for name in names])


def work_out(blog):
    """{post id: (key, links)} for every post of `blog` readers may see: the same posts
    PostPage.neighbours finds, from three queries for the whole blog."""
    readable = PostPage.objects.child_of(blog).for_readers()
    posts = list(readable.only("title", "slug", "date", "related_links").order_by(*NEWEST_FIRST))
    labels = {post.pk: set() for post in posts}
    through = PostPage.categories.through.objects.filter(postpage__in=readable.values("pk"))
    for post_id, category_id in through.values_list("postpage_id", "category_id"):
        labels[post_id].add(("category", category_id))
    tagged = PostPageTag.objects.filter(content_object__in=readable.values("pk"))
    for post_id, tag_id in tagged.values_list("content_object_id", "tag_id"):
        labels[post_id].add(("tag", tag_id))
    # Each category's and tag's posts, by their place newest first (the database's order).
    places = {}
    for place, post in enumerate(posts):
        for label in labels[post.pk]:
            places.setdefault(label, []).append(place)
    dated = sorted((post for post in posts if post.date), key=lambda p: (p.date, p.pk))
    around = {post.pk: n for n, post in enumerate(dated)}

    def link(post):
        return [post.pk, post.title, post.slug, post.date.isoformat() if post.date else None]

    found = {}
    for post in posts:
        picked = post.picked_ids
        related = []
        for place in _unique(heapq.merge(*(places[label] for label in labels[post.pk]))):
            other = posts[place]
            if other.pk != post.pk and other.pk not in picked:
                related.append(link(other))
                if len(related) == RELATED_POSTS:
                    break
        n = around.get(post.pk)
        links = {
            "related": related,
            "previous": link(dated[n - 1]) if n else None,
            "next": link(dated[n + 1]) if n is not None and n + 1 < len(dated) else None,
        }
        categories = [pk for kind, pk in labels[post.pk] if kind == "category"]
        tags = [pk for kind, pk in labels[post.pk] if kind == "tag"]
        found[post.pk] = (key(post.date, categories, tags, picked), links)
    return found


def _unique(places):
    last = None
    for place in places:
        if place != last:
            yield place
            last = place


def store(blog):
    """Work `blog`'s neighbours out again and keep them, marked current for the blog's
    posts version they were worked out from; if a change raised it meanwhile, nothing
    is kept (the worker is already asked to work them out again)."""
    version = BlogSidebar.objects.filter(blog=blog).values_list("posts_version", flat=True)
    version = version.first()
    if version is None:  # a blog whose sidebar row is not made yet
        from posts import sidebar

        sidebar.refresh([blog.pk])
        version = BlogSidebar.objects.get(blog=blog).posts_version
    found = work_out(blog)  # read after the version: never older than it
    rows = PostNeighbours.objects.filter(post__in=PostPage.objects.child_of(blog))
    held = {row.pk: (row.key, row.links) for row in rows}
    changed = sorted(pk for pk, value in found.items() if held.get(pk) != value)
    with transaction.atomic():
        PostNeighbours.objects.filter(pk__in=sorted(set(held) - set(found))).delete()
        PostNeighbours.objects.bulk_create(
            [PostNeighbours(post_id=pk, key=found[pk][0], links=found[pk][1]) for pk in changed],
            update_conflicts=True,
            unique_fields=["post"],
            update_fields=["key", "links"],
            batch_size=500,
        )
        # Last, so that it waits for (and then sees) a change raising the version.
        current = BlogSidebar.objects.filter(blog=blog, posts_version=version)
        if not current.update(neighbours_version=version):
            transaction.set_rollback(True)
    return len(changed)


@task()
def refresh(blog_ids=None):
    """Work the neighbours of the posts of blogs `blog_ids` (every blog: None) out again."""
    blogs = BlogPage.objects.all()
    if blog_ids is not None:
        blogs = blogs.filter(pk__in=blog_ids)
    for blog in blogs.order_by("pk"):
        store(blog)
