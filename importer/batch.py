"""New posts written a batch at a time: what a first import of an archive is made of.

Importing one post through Wagtail (`add_child`, `save_revision`, publishing) costs some
fifty queries and most of the time of an import. A batch of new posts that are published,
drafts or private is written instead with one multi-row INSERT per table: the pages
(their tree paths worked out here, after the blog's last child, and the blog's `numchild`
raised once), the posts' own rows, authors, categories and tags, one revision each (the
page's own serialised content, as `save_revision` stores it), the pages pointed at their
revisions in one UPDATE, Wagtail's log entries (`wagtail.create` and, when published,
`wagtail.publish`), comments, redirects and the importer's mapping rows. `page_published`
is still sent for each published post (alerts are muted by the run; the content cache is
replaced once at its end). The search and reference indexes are updated for the whole
run at its end by the worker (importer.indexing), as for posts imported one at a time.

A batch is one transaction. If anything in it fails, it is rolled back whole, the run
forgets what it counted or made inside it, and its posts are imported again one at a
time (importer.posts), each in its own transaction, so only the bad post fails and the
report names it.

Posts already imported (updates), pending and scheduled posts, and pages go the one at a
time way: they are few, and they need Wagtail's workflow and scheduling.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from wagtail.log_actions import get_active_log_context
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.signals import page_published

from posts.models import PostAuthor, PostPage, PostPageTag

from . import comments, links, posts
from .context import Kind, fingerprint
from .models import ImportedObject
from .text import local_day, moment, slug_for, title_for

SIZE = 100
STATUSES = {"publish", "draft", "private"}


def batchable(item):
    """Whether a post (not yet known to be new) can be written in a batch, by its status."""
    if item.post_type != "post" or posts.skip_reason(item) is not None:
        return False
    if item.status == "future":
        # Scheduled in WordPress but its time has passed: it is published.
        published = moment(item.post_date, item.post_date_gmt)
        return published is not None and published <= timezone.now()
    return item.status in STATUSES


def flush(ctx, items, take_one):
    """Import `items` (batchable posts, already counted as found): new ones in one batch,
    the rest (and all of them if the batch fails) by `take_one(item)`."""
    if not items:
        return
    known = set(
        ImportedObject.objects.filter(
            blog=ctx.blog, kind=Kind.POST, wp_id__in=[item.wp_id for item in items]
        ).values_list("wp_id", flat=True)
    )
    new, seen = [], set()
    for item in items:
        if item.wp_id in known or item.wp_id in seen:
            take_one(item)
        else:
            seen.add(item.wp_id)
            new.append(item)
    if not new:
        return
    state = ctx.checkpoint()
    try:
        with transaction.atomic():
            write(ctx, new)
    except Exception:  # noqa: BLE001 - redone one at a time: the bad post is reported
        ctx.restore(state)
        for item in new:
            take_one(item)
    finally:
        ctx.upcoming.clear()


def write(ctx, items):
    now = timezone.now()
    blog = Page.objects.select_for_update().get(pk=ctx.blog.pk)  # as add_child locks it
    pages = place(ctx, items, blog)
    for item, page in zip(items, pages, strict=True):
        posts.dress_post(ctx, item, page, posts.convert_item(ctx, item))
        set_state(page, item, blog, now)
    insert_pages(blog, pages)
    insert_relations(pages)
    insert_revisions(pages, now)
    insert_log_entries(pages, now)
    pairs = list(zip(items, pages, strict=True))
    for item, page in pairs:
        if page.live:
            page_published.send(sender=PostPage, instance=page, revision=page.live_revision)
            posts.restrict(page, item.password)
        elif item.status == "private":
            ctx.report.note(posts.PRIVATE_NOTE)
    comments.write_comments(ctx, pairs)
    links.write_redirects(ctx, [(item, page) for item, page in pairs if page.live])
    ImportedObject.objects.bulk_create(
        ImportedObject(
            blog=ctx.blog,
            kind=Kind.POST,
            wp_id=item.wp_id,
            object_id=page.pk,
            fingerprint=fingerprint(item),
            wp_name=page.slug,
            old_path=links.old_path(item.link),
        )
        for item, page in pairs
    )
    ctx.report.created[Kind.POST] += len(pages)


def place(ctx, items, blog):
    """A new PostPage for each item, with its title, slug (free among the blog's pages
    and the batch's) and date; their addresses are noted so that links between the
    batch's posts are rewritten at once."""
    wanted = {slug_for(i.post_name, title_for(i), f"post-{i.wp_id}") for i in items}
    taken = set(Page.objects.child_of(blog).filter(slug__in=wanted).values_list("slug", flat=True))

    def choose(slug):
        return slug if slug not in taken else posts.free_slug(blog, slug, taken=taken)

    pages = []
    for item in items:
        page = PostPage(live=False)
        posts.fill(ctx, item, page, blog, choose_slug=choose)
        taken.add(page.slug)
        if item.status in ("publish", "future", "private"):
            page.date = local_day(item.post_date, item.post_date_gmt)
        page.set_url_path(blog)
        address = page.get_url()
        ctx.upcoming[("id", item.wp_id)] = address
        ctx.upcoming[("path", links.old_path(item.link))] = address
        pages.append(page)
    return pages


def set_state(page, item, blog, now):
    """What Page.save, save_revision and publishing set on a page made a moment ago."""
    page.locale_id = blog.locale_id
    page.title = page._meta.get_field("title").clean(page.title, page)
    page.live = item.status in ("publish", "future")
    page.has_unpublished_changes = not page.live
    page.latest_revision_created_at = now
    if page.live:
        page.first_published_at = page.first_published_at or now
        page.last_published_at = now
        page.date = page.date or timezone.localdate(page.first_published_at)


def insert_pages(blog, pages):
    """The pages after the blog's last child, as treebeard's add_child places them."""
    previous = blog.get_last_child()
    for page in pages:
        page.depth = blog.depth + 1
        page.numchild = 0
        page.path = (
            previous._inc_path() if previous else PostPage._get_path(blog.path, page.depth, 1)
        )
        previous = page
    Page.objects.bulk_create(pages)  # the pages' rows: Django inserts no child table's
    for page in pages:
        page.page_ptr_id = page.id
    # The posts' own rows: what bulk_create does for a model of one table (the columns
    # the database generates left to it).
    fields = [field for field in PostPage._meta.local_concrete_fields if not field.generated]
    PostPage._base_manager._insert(pages, fields=fields)
    Page.objects.filter(pk=blog.pk).update(numchild=F("numchild") + len(pages))


def insert_relations(pages):
    authors, categories, tags = [], [], []
    Through = PostPage.categories.through
    for page in pages:
        for author in page.post_authors.all():
            author.post_id = page.pk
            authors.append(author)
        categories.extend(
            Through(postpage_id=page.pk, category_id=category.pk)
            for category in page.categories.all()
        )
        for tagged in page.tagged_items.all():
            tagged.content_object_id = page.pk
            tags.append(tagged)
    PostAuthor.objects.bulk_create(authors)
    Through.objects.bulk_create(categories)
    PostPageTag.objects.bulk_create(tags)


def insert_revisions(pages, now):
    """One revision each, of the page as saved (save_revision), then the pages pointed
    at it in one UPDATE."""
    content_type = ContentType.objects.get_for_model(PostPage)
    base_content_type = ContentType.objects.get_for_model(Page)
    for page in pages:
        page.wagtail_admin_comments = []  # a new page has none: not read from the database
    revisions = Revision.objects.bulk_create(
        Revision(
            content_type=content_type,
            base_content_type=base_content_type,
            object_id=str(page.pk),
            content=page.serializable_data(),
            object_str=str(page),
            created_at=now,
        )
        for page in pages
    )
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision = revision
        page.live_revision = revision if page.live else None
    Page.objects.bulk_update(pages, ["latest_revision", "live_revision"])


def insert_log_entries(pages, now):
    """The history Wagtail shows for each page: created, and published."""
    context = get_active_log_context()
    content_type = ContentType.objects.get_for_model(PostPage)
    entries = []
    for page in pages:
        actions = ["wagtail.create", "wagtail.publish"] if page.live else ["wagtail.create"]
        entries.extend(
            PageLogEntry(
                content_type=content_type,
                label=page.get_admin_display_title(),
                action=action,
                timestamp=now,
                data={},
                page_id=page.pk,
                revision=page.latest_revision,
                content_changed=True,
                user=context.user,
                uuid=context.uuid,
            )
            for action in actions
        )
    PageLogEntry.objects.bulk_create(entries)


def insert_references(pages):
    """Wagtail's reference index ("Usage") of new pages in one INSERT: the rows
    `ReferenceIndex.create_or_update_for_object` writes for a page that has none yet,
    without its look-up and INSERT for each page."""
    content_type = ContentType.objects.get_for_model(PostPage)
    base_content_type = ContentType.objects.get_for_model(Page)
    ReferenceIndex.objects.bulk_create(
        (
            ReferenceIndex(
                content_type=content_type,
                base_content_type=base_content_type,
                object_id=page.pk,
                to_content_type_id=to_content_type_id,
                to_object_id=to_object_id,
                model_path=model_path,
                content_path=content_path,
                content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
            )
            for page in pages
            for to_content_type_id, to_object_id, model_path, content_path in set(
                ReferenceIndex._extract_references_from_object(page)
            )
        ),
        ignore_conflicts=True,
    )
