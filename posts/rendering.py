"""Each live post's body rendered once, by the worker, when the post is published, and kept
with it (RenderedBody), so that no reader renders its blocks: the first reader after a
change, every reader without Redis, and a feed's twenty bodies (issue 16, cold speed).

A page shows the kept HTML only while its key matches the body it would render: the key
is a hash of the body's blocks, of what the blocks take from the post's blog (its address,
whether it is live, its alerts text) and of the code that renders them (`epoch`: the
posts app's templates and code, the versions of Django, Wagtail and Pygments, the media
storage's addresses). A draft, a preview or a deploy that changed the templates thus
renders as before until the worker has rendered again (`manage.py render_bodies` after a
deploy).

What else a body shows is kept as its references (RenderedBodyReference, extracted as
Wagtail's reference index does): the people, images and documents it chooses, and the
pages it links to. Every change the content cache hears of (contentcache.content.changed)
clears the bodies that show what changed, in the change's own transaction, and queues
them to be rendered again once it commits: a person, image or document by its id; a page
with every page under it (their addresses and visibility follow it); a view restriction
the pages under its page; a site, or a change the cache cannot name, every body.

The worker takes locks in one order (what the body shows, then the kept body), so that a
change made while it renders either waits for the render and then clears it, or is
committed before the render reads it; an editor's change never waits on a deadlock.
"""

import functools
import hashlib
import json
from importlib.metadata import version
from pathlib import Path

from django_tasks import task

from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils.safestring import mark_safe

from wagtail.models import Page, PageViewRestriction, Site

from .models import PostPage, RenderedBody, RenderedBodyReference

# Raise to render every body again whatever `epoch` says.
RENDER_VERSION = 1
BATCH = 200  # posts rendered in one transaction
APP = Path(__file__).resolve().parent
# What a body's blocks are rendered by, besides Django and Wagtail: the posts app's blocks,
# their templates and what those include, and the tag libraries they load. Only these, so
# that a release changing another template (a listing's) keeps the kept bodies. A test
# renders a body of every kind of block and checks that each template it used, and each
# library those load, is here or in a package.
CODE = [
    APP / "blocks.py",
    APP / "templates" / "posts" / "blocks",
    APP / "templates" / "posts" / "includes" / "related-links.html",
    APP / "templatetags" / "post_blocks.py",
    APP.parent / "home" / "templatetags" / "govuk_dates.py",
]


@functools.cache
def epoch():
    """A hash of the code that renders bodies, read once per process."""
    digest = hashlib.sha256(f"{RENDER_VERSION}".encode())
    files = []
    for place in CODE:
        files.extend([place] if place.is_file() else sorted(place.rglob("*.*")))
    for path in files:
        if path.suffix in (".py", ".html"):
            digest.update(path.relative_to(APP.parent).as_posix().encode())
            digest.update(path.read_bytes())
    for package in ("django", "wagtail", "pygments"):
        digest.update(f"{package} {version(package)}".encode())
    # Renditions' addresses: MEDIA_URL, or a storage's own domain.
    digest.update(default_storage.url("rendered-body").encode())
    return digest.hexdigest()


def body_key(post, blog):
    """What `post`'s body renders from, on `blog`, as a hash (of the body as stored: before
    its blocks are converted)."""
    blocks = json.dumps(
        list(post.body.raw_data), sort_keys=True, separators=(",", ":"), cls=DjangoJSONEncoder
    )
    shown = [blog.pk, blog.url_path, blog.live, blog.alerts_text] if blog else None
    return hashlib.sha256(json.dumps([epoch(), shown, blocks]).encode()).hexdigest()


def kept_html(post, blog, request=None):
    """`post`'s body as the worker rendered it, or None: for a preview, a post without one,
    or one rendered from another body, blog or code, or cleared since."""
    if getattr(request, "is_preview", False):
        return None
    try:
        rendered = post.rendered  # brought with a routed post; else one query
    except RenderedBody.DoesNotExist:
        return None
    if not rendered.key or rendered.key != body_key(post, blog):
        return None
    # Made by the block templates, which escape what writers typed, as Wagtail's own
    # include_block output is trusted; only the worker and render_bodies write it.
    # nosemgrep: bulletin.mark-safe-non-literal - the block templates' own output, kept
    return mark_safe(rendered.html)  # noqa: S308


def render(post, blog):
    """`post`'s body as its page shows it (posts/templates/posts/post_page.html)."""
    return post.body.render_as_block(context={"page": post, "blog": blog, "request": None})


def base_content_type(model):
    """The content type of `model`'s base model (Page for every page), as Wagtail's
    reference index names it."""
    parents = model._meta.get_parent_list()
    return ContentType.objects.get_for_model(parents[-1] if parents else model)


def references(post):
    """{(content type, id)} of the objects `post`'s body shows."""
    field = PostPage._meta.get_field("body")
    return {
        (base_content_type(model), str(object_id))
        for model, object_id, _path, _content_path in field.extract_references(post.body)
        if object_id is not None
    }


def _live_posts(post_ids):
    """The live posts of `post_ids`, with their blogs and their bodies converted at once
    (the people, images and pages they choose: one query per block type for them all)."""
    posts = PostPage.objects.live().filter(pk__in=post_ids).order_by("pk").with_blogs()
    for post in posts:
        # From the body as stored: a converted body's raw data is rebuilt from its blocks.
        post.body_key = body_key(post, post.blog)
    if posts:
        stream_block = posts[0].body.stream_block
        bodies = stream_block.bulk_to_python([list(post.body.raw_data) for post in posts])
        for post, body in zip(posts, bodies, strict=True):
            post.body = body
    return posts


def store(post_ids):
    """Render the bodies of posts `post_ids` and keep them with their references; forget
    those of posts that are not live (unpublished, deleted)."""
    posts = _live_posts(post_ids)
    RenderedBody.objects.filter(pk__in=post_ids).exclude(pk__in=[p.pk for p in posts]).delete()
    if not posts:
        return
    # Rows to lock, for posts rendered for the first time.
    RenderedBody.objects.bulk_create(
        [RenderedBody(post_id=post.pk) for post in posts], ignore_conflicts=True
    )
    with transaction.atomic():
        # What the bodies show first, then the kept bodies: a change locks them in that
        # order too (the object it saves, then the bodies it clears). Each in key order,
        # so that two workers never wait on each other.
        shown = set().union(*(references(post) for post in posts))
        for content_type, ids in sorted(_by_type(shown).items(), key=lambda t: t[0].pk):
            locked = content_type.model_class().objects.select_for_update(no_key=True)
            list(locked.filter(pk__in=ids).order_by("pk").values("pk"))
        locked = RenderedBody.objects.select_for_update().filter(pk__in=post_ids).order_by("pk")
        rows = {row.pk: row for row in locked}
        # Read again, now that nothing they show can change until this commits.
        posts = [post for post in _live_posts(post_ids) if post.pk in rows]
        found = []
        for post in posts:
            row = rows[post.pk]
            row.html, row.key = render(post, post.blog), post.body_key
            found.extend(
                RenderedBodyReference(body=row, content_type=content_type, object_id=object_id)
                for content_type, object_id in references(post)
            )
        RenderedBody.objects.bulk_update([rows[post.pk] for post in posts], ["html", "key"])
        RenderedBodyReference.objects.filter(body__in=[post.pk for post in posts]).delete()
        RenderedBodyReference.objects.bulk_create(found)


def _by_type(found):
    ids = {}
    for content_type, object_id in found:
        ids.setdefault(content_type, []).append(object_id)
    return ids


@task()
def render_bodies(post_ids=None):
    """Render the bodies of posts `post_ids` again (the worker); None: of every live post
    whose body was cleared or never rendered."""
    if post_ids is None:
        post_ids = list(
            PostPage.objects.live().exclude(rendered__key__gt="").values_list("pk", flat=True)
        )
    for start in range(0, len(post_ids), BATCH):
        store(post_ids[start : start + BATCH])


def queue(post_ids):
    """Render `post_ids` once the transaction commits."""
    post_ids = sorted(set(post_ids))
    if post_ids:
        transaction.on_commit(lambda: render_bodies.enqueue(post_ids), robust=True)


def published(sender, instance, **kwargs):
    """page_published/page_unpublished receiver for posts: render (or forget) its body."""
    queue([instance.pk])


def showing(instance):
    """The kept bodies that show `instance`."""
    page_type = base_content_type(Page)
    if isinstance(instance, PageViewRestriction):
        instance = instance.page
    if isinstance(instance, Page):
        # The page and every page under it (deleted pages: the page's own id).
        under = (
            Page.objects.filter(path__startswith=instance.path)
            .annotate(text_id=Cast("pk", CharField()))
            .values("text_id")
        )
        refs = RenderedBodyReference.objects.filter(content_type=page_type).filter(
            object_id__in=under
        ) | RenderedBodyReference.objects.filter(
            content_type=page_type, object_id=str(instance.pk)
        )
    else:
        refs = RenderedBodyReference.objects.filter(
            content_type=base_content_type(type(instance)), object_id=str(instance.pk)
        )
    return RenderedBody.objects.filter(pk__in=refs.values("body_id"))


def content_changed(sender, instance=None, **kwargs):
    """Receiver of contentcache.content.changed: clear the bodies that show what changed,
    now (in the change's transaction), and render them again after it commits."""
    if instance is None or isinstance(instance, Site):  # anything: an import, a site
        RenderedBody.objects.update(key="", html="")
        transaction.on_commit(lambda: render_bodies.enqueue(None), robust=True)
        return
    cleared = list(showing(instance).values_list("pk", flat=True))
    if cleared:
        RenderedBody.objects.filter(pk__in=cleared).update(key="", html="")
        queue(cleared)


def connect():
    from wagtail.signals import page_published, page_unpublished

    from contentcache import content

    page_published.connect(published, sender=PostPage, dispatch_uid="posts_rendering_publish")
    page_unpublished.connect(published, sender=PostPage, dispatch_uid="posts_rendering_unpublish")
    content.changed.connect(content_changed, dispatch_uid="posts_rendering")
