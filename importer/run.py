"""One import, from the file to the report.

1. The whole file is read once and checked (importer.wxr): a file WordPress would refuse,
   or that is not well-formed, is refused here, before anything is written.
2. Authors, categories, tags and attachments (posts name them, attachments usually after
   the post that shows them).
3. Posts and pages, each in its own transaction with its comments and redirects: one that
   fails is rolled back whole and listed in the report; the rest go on.
4. Pages whose parent came later are moved under it; posts that link to a post later in
   the file have those links rewritten.
5. The search index and Wagtail's reference index ("Usage") are updated for what was
   imported by one task for the worker (importer.indexing), and the content cache
   replaced, once at the end: while importing, none of them is touched per save (each
   save's reference index update was a third of the time), and no alerts are sent.

A dry run does step 1 and counts what steps 2 and 3 would do, writing nothing.
"""

from django.db import transaction
from django.utils import timezone

from wagtail.models import Page
from wagtail.signal_handlers import disable_reference_index_auto_update

from alerts.signals import muted as alerts_muted
from contentcache import content
from home.models import HomePage
from posts.models import BlogPage

from . import batch, indexing, links, media, people, posts
from .content import convert
from .context import Context, Kind
from .report import Report
from .text import one_line
from .wxr import Author, Export, Item, Term, WXRError

PROGRESS_EVERY = 50


def import_wordpress(path, *, blog_slug, uploads=None, dry_run=False, progress=None, counter=None):
    """Import the export at `path` into the blog `blog_slug`; returns the Report.
    `progress(message)` is told each step; `counter(n)`, if given, the number of posts and
    pages read so far, after each one (the admin's progress bar)."""
    report = Report(path, dry_run=dry_run)
    progress = progress or (lambda message: None)
    export = Export(path)
    try:
        export.check()
    except WXRError as error:
        report.refused = str(error)
        return report.finish()
    for note in export.notes:
        report.note(note)
    blog = BlogPage.objects.filter(slug=blog_slug).first()
    report.blog = blog_slug if blog else f"{blog_slug} (new: “{blog_title(export, blog_slug)}”)"
    if dry_run:
        ctx = Context(blog, export.channel, report, uploads, dry_run=True)
        ctx.images = lambda reference: None
        walk(ctx, export.records(), progress, everything=True, counter=counter)
        return report.finish()
    started = timezone.now()
    with (
        alerts_muted(),
        content.deferred(),
        indexing.deferred(),
        disable_reference_index_auto_update(),
    ):
        blog = blog or make_blog(blog_slug, blog_title(export, blog_slug), export.channel)
        ctx = Context(blog, export.channel, report, uploads)
        ctx.images = media.image_lookup(ctx)
        progress("Authors, categories, tags and images...")
        walk(ctx, export.records(), progress, items=False)
        progress("Posts and pages...")
        walk(ctx, export.records(), progress, items=True, counter=counter)
        move_pages(ctx)
        relink(ctx, export, started)
        # The search and reference indexes, once, by the worker (in development and
        # tests, at once): the posts are live and their old links answer meanwhile.
        progress("Updating the search index...")
        indexing.index_import.enqueue(blog.pk, started.isoformat())
    return report.finish()


def blog_title(export, slug):
    return one_line(export.channel.title)[:255] or slug


class NoHomePage(Exception):
    """A new blog needs the network's home page to go under."""


def make_blog(slug, title, channel):
    home = HomePage.objects.first()
    if home is None:
        raise NoHomePage(
            "There is no home page to put the blog under: create the network's home page "
            "in the admin (or run load_demo for the demo) first."
        )
    blog = BlogPage(title=title, slug=slug, short_description=one_line(channel.description)[:500])
    home.add_child(instance=blog)
    blog.save_revision(log_action=True).publish()
    return blog


def walk(ctx, records, progress, items=None, everything=False, counter=None):
    """Import the records: the channel's and attachments (items=False), the posts and
    pages (items=True), or all of them in one pass (dry run)."""
    done, others, waiting = 0, 0, []
    for record in records:
        is_attachment = isinstance(record, Item) and record.post_type == "attachment"
        is_entry = isinstance(record, Item) and not is_attachment
        if not everything and is_entry != items:
            continue
        if not is_entry:
            others += 1
            if others % PROGRESS_EVERY == 0:
                progress(f"  {others} authors, terms and attachments read")
        if isinstance(record, Author):
            guarded(ctx, record, people.import_author)
        elif isinstance(record, Term):
            guarded(ctx, record, people.import_term)
        elif is_attachment:
            guarded(ctx, record, media.import_attachment)
        else:
            if not ctx.dry_run and batch.batchable(record):
                ctx.report.found[Kind.POST] += 1
                waiting.append(record)
                if len(waiting) >= batch.SIZE:
                    flush(ctx, waiting)
            else:
                # In file order: a page or an update after the posts before it.
                flush(ctx, waiting)
                take_item(ctx, record)
            done += 1
            if counter:
                counter(done)
            if done % PROGRESS_EVERY == 0:
                progress(f"  {done} items read")
    flush(ctx, waiting)


def flush(ctx, waiting):
    """Import the new posts waiting for a batch (importer.batch), and empty the list."""
    batch.flush(ctx, waiting, lambda item: guarded(ctx, item, posts.import_item))
    waiting.clear()


def take_item(ctx, item):
    if item.post_type not in ("post", "page"):
        ctx.report.found["other"] += 1
        ctx.report.skip("other", f"post type {item.post_type}: not imported")
        return
    kind = posts.kind_of(item)
    ctx.report.found[kind] += 1
    reason = posts.skip_reason(item)
    if reason:
        ctx.report.skip(kind, reason)
        for _comment in item.comments:
            ctx.report.found["comment"] += 1
            ctx.report.skip("comment", f"on a {kind} left out")
        return
    guarded(ctx, item, posts.import_item)


def guarded(ctx, record, function):
    """Run `function` in a transaction: on failure, nothing of the record is kept, and the
    report says which and why."""
    state = ctx.checkpoint()
    try:
        with transaction.atomic():
            function(ctx, record)
    except Exception as error:  # noqa: BLE001 - one bad record must not stop the import
        ctx.restore(state, keep_found=True)
        what = ctx.label(record) if isinstance(record, Item) else repr(record)[:120]
        ctx.report.add("failures", f"{what}: {type(error).__name__}: {error}")


def move_pages(ctx):
    for pk, parent_id in ctx.page_moves:
        mapping = ctx.mapped(Kind.PAGE, parent_id)
        parent = mapping and Page.objects.filter(pk=mapping.object_id).first()
        page = Page.objects.filter(pk=pk).first()
        if parent is None or page is None:
            continue
        with transaction.atomic():
            page = page.specific
            free = posts.free_slug(parent, page.slug, page.pk)
            if free != page.slug:
                page.slug = free
                page.save(update_fields=["slug"], clean=False)
            page.move(parent, pos="last-child")
            ctx.addresses.clear()  # its address, and its children's, changed
    ctx.page_moves = []


def published_by_this_run(page, since):
    return (
        page.live
        and page.live_revision_id == page.latest_revision_id
        and page.latest_revision_created_at is not None
        and page.latest_revision_created_at >= since
    )


def relink(ctx, export, since):
    """Convert again the posts that link to posts imported after them."""
    pending, ctx.relink = ctx.relink, set()
    if not pending:
        return
    for record in export.records():
        if not isinstance(record, Item) or record.wp_id not in pending:
            continue
        mapping = ctx.mapped(posts.kind_of(record), record.wp_id)
        page = mapping and Page.objects.filter(pk=mapping.object_id).first()
        if page is None or record.post_type not in ("post", "page"):
            continue
        with transaction.atomic():
            page = page.specific
            blocks, _notes = convert(
                record.content, images=ctx.images, links=links.resolver(ctx, record)
            )
            page.body = (
                blocks if record.post_type == "post" else posts.rich_text(ctx, record, blocks)
            )
            if published_by_this_run(page, since):
                # Its only revision, made minutes ago, is corrected rather than followed by
                # a second one and a second publication.
                page.save(update_fields=["body"], clean=False)
                page.live_revision.content = page.serializable_data()
                page.live_revision.save(update_fields=["content"])
                continue
            revision = page.save_revision(clean=False)
            if page.live:
                revision.publish()
