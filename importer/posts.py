"""WordPress posts to PostPages and pages to StandardPages, each with its comments.

Statuses: `publish` is live, first published at its WordPress date (so its address is the
old permalink's /YYYY/MM/DD/slug/ and no alert goes out); `future` is scheduled for its
date (published by `publish_scheduled`); `draft` is a draft; `pending` is a draft
submitted to the blog's review workflow; `private` is a draft with its date kept: never
published, so no reader can reach it (WordPress showed it to logged-in editors only; in
Bulletin an editor publishes it, or not). A password-protected post is published behind a
Wagtail password view restriction with the same password. Trash and auto-drafts are left
out. Pages go under the blog (WordPress pages are the blog's About and the like), under
their parent page where they have one.
"""

from django.utils import timezone

from taggit.models import Tag
from wagtail.log_actions import log
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published

from home.models import StandardPage
from posts.models import Category, PostAuthor, PostPage

from . import comments, links, people
from .content import convert
from .context import Kind
from .text import local_day, moment, one_line, slug_for, title_for

SKIPPED_STATUSES = {"trash": "in the trash", "auto-draft": "auto-draft", "inherit": "revision"}
SUMMARY_MAX = 300
PRIVATE_NOTE = (
    "Private posts are imported as drafts, with their date: readers cannot see them until "
    "an editor publishes them."
)


def kind_of(item):
    return Kind.POST if item.post_type == "post" else Kind.PAGE


def skip_reason(item):
    return SKIPPED_STATUSES.get(item.status)


def import_item(ctx, item):
    """Import one post or page (the caller wraps it in a transaction)."""
    kind = kind_of(item)
    model = PostPage if kind == Kind.POST else StandardPage
    mapping = ctx.mapped(kind, item.wp_id)
    page = mapping and model.objects.filter(pk=mapping.object_id).first()
    if page and ctx.is_unchanged(mapping, item):
        ctx.report.unchanged[kind] += 1
        comments.count_unchanged(ctx, item)
        return page
    ctx.report.updated[kind] += 1 if page else 0
    ctx.report.created[kind] += 0 if page else 1
    blocks = convert_item(ctx, item)
    if ctx.dry_run:
        comments.plan(ctx, item)
        return None
    if kind == Kind.POST:
        page = write_post(ctx, item, page, blocks)
    else:
        page = write_page(ctx, item, page, blocks)
    if kind == Kind.POST:
        comments.import_comments(ctx, item, page)
    if publicly_addressed(item):
        links.make_redirects(ctx, item, page)
    ctx.remember(
        kind,
        item.wp_id,
        page,
        item,
        new=mapping is None,
        wp_name=page.slug,
        wp_parent=item.parent if item.parent != "0" else "",
        old_path=links.old_path(item.link),
    )
    return page


def convert_item(ctx, item):
    """The item's body blocks; what could not be mapped goes in the report."""
    blocks, notes = convert(item.content, images=ctx.images, links=links.resolver(ctx, item))
    for note in notes:
        ctx.report.add("unknown_markup", f"{ctx.label(item)}: {note}")
    return blocks


def publicly_addressed(item):
    """Whether the item had (or is about to have) an address readers could follow."""
    return item.status in ("publish", "future")


def summary_for(item, blocks):
    summary = one_line(item.excerpt, SUMMARY_MAX)
    if not summary:
        summary = one_line(" ".join(str(v) for t, v in blocks if t == "paragraph"), 160)
    return summary or one_line(item.title, SUMMARY_MAX) or "-"


def free_slug(parent, slug, own_pk=None, taken=()):
    """`slug`, or `slug-2`, `slug-3`... if another child of `parent` has it (as WordPress
    does when two posts want one slug), or it is in `taken` (a batch's, not saved yet)."""
    siblings = Page.objects.child_of(parent).exclude(pk=own_pk)
    candidate, number = slug, 1
    while candidate in taken or siblings.filter(slug=candidate).exists():
        number += 1
        candidate = f"{slug[: 250 - len(str(number))]}-{number}"
    return candidate


def fill(ctx, item, page, parent, choose_slug=None):
    """Title, slug and dates; `choose_slug(wanted)` picks a free slug (free_slug)."""
    title = title_for(item)
    page.title = page.draft_title = title
    wanted = slug_for(item.post_name, title, f"{item.post_type}-{item.wp_id}")
    page.slug = choose_slug(wanted) if choose_slug else free_slug(parent, wanted, page.pk)
    if page.slug != wanted:
        ctx.report.note(
            f"{ctx.label(item)}: the slug “{wanted}” is taken on the blog; "
            f"“{page.slug}” used (the old address redirects)."
        )
    published = moment(item.post_date, item.post_date_gmt)
    if item.status in ("publish", "future", "private"):
        if item.status == "future" and published and published > timezone.now():
            page.go_live_at = published
        elif item.status != "private":
            page.go_live_at = None
            page.first_published_at = page.first_published_at or published
    return published


def write_post(ctx, item, page, blocks):
    blog = Page.objects.get(pk=ctx.blog.pk)  # fresh: a rolled-back post may have moved it
    new = page is None
    page = page or PostPage(live=False)
    fill(ctx, item, page, blog)
    if item.status in ("publish", "future", "private"):
        page.date = local_day(item.post_date, item.post_date_gmt)
    dress_post(ctx, item, page, blocks)
    if new:
        blog.add_child(instance=page)
    return publish_as(ctx, item, page, new=new)


def dress_post(ctx, item, page, blocks):
    """A post's content, authors, categories and tags (in memory: saving writes them)."""
    page.summary = summary_for(item, blocks)
    page.body = blocks
    page.comments_open = item.comment_status != "closed"
    thumbnail = item.meta.get("_thumbnail_id", "").strip()
    page.listing_image = ctx.images(thumbnail) if thumbnail.isdigit() else None
    person = people.person_for_login(ctx, item.creator.strip())
    page.post_authors = [PostAuthor(person_id=person, sort_order=0)] if person else []
    categories = [
        people.category_pk(ctx, slug, name) for tax, slug, name in item.terms if tax == "category"
    ]
    page.categories = ctx.rows(Category, categories)
    tags = [people.tag_pk(ctx, slug, name) for tax, slug, name in item.terms if tax == "post_tag"]
    page.tags.set(ctx.rows(Tag, tags))


def write_page(ctx, item, page, blocks):
    parent = Page.objects.get(pk=ctx.blog.pk)
    waiting_for_parent = False
    if item.parent not in ("", "0"):
        mapping = ctx.mapped(Kind.PAGE, item.parent)
        if mapping and Page.objects.filter(pk=mapping.object_id).exists():
            parent = Page.objects.get(pk=mapping.object_id)
        else:
            waiting_for_parent = True
    new = page is None
    page = page or StandardPage(live=False)
    if not new:
        parent = page.get_parent()
    fill(ctx, item, page, parent)
    page.summary = one_line(item.excerpt, SUMMARY_MAX)
    page.body = rich_text(ctx, item, blocks)
    if new:
        parent.add_child(instance=page)
    if waiting_for_parent:
        ctx.page_moves.append((page.pk, item.parent))
    return publish_as(ctx, item, page, new=new)


def rich_text(ctx, item, blocks):
    """A StandardPage's body (rich text) from body blocks."""
    parts = []
    for block_type, value in blocks:
        if block_type == "paragraph":
            parts.append(str(value))
        elif block_type == "heading":
            parts.append(f"<h2>{value['text']}</h2>")
        else:
            ctx.report.add("unknown_markup", f"{ctx.label(item)}: {block_type} left out of a page")
    return "\n".join(parts)


def publish_as(ctx, item, page, new=False):
    """Save a revision and publish, schedule, submit or leave it as the status says."""
    revision = page.save_revision(log_action="wagtail.create" if new else True, clean=False)
    status = item.status or "draft"
    if status == "publish" or (status == "future" and page.go_live_at is None):
        if new:
            publish_new(page, revision)
        else:
            revision.publish(log_action=True)
            page.refresh_from_db()
        restrict(page, item.password)
    elif status == "future":
        revision.publish(log_action=True)  # scheduled: Wagtail publishes it at go_live_at
        ctx.report.add(
            "notes", f"{ctx.label(item)}: scheduled for {page.go_live_at:%Y-%m-%d %H:%M}"
        )
    else:
        if page.live:
            page.unpublish(log_action=True)
        if status == "pending":
            submit(ctx, item, page)
        elif status == "private":
            ctx.report.note(PRIVATE_NOTE)
    return page


def publish_new(page, revision):
    """What `revision.publish(log_action=True)` does for a page made a moment ago, without
    reading the page back from its revision (a third of a post's queries). A new page has
    no earlier revision, alias, workflow or editor comments for it to update."""
    now = timezone.now()
    page.live, page.expired, page.has_unpublished_changes = True, False, False
    page.live_revision = revision
    page.last_published_at = now
    page.first_published_at = page.first_published_at or now
    fields = ["live", "expired", "has_unpublished_changes", "live_revision"]
    page.save(update_fields=[*fields, "last_published_at", "first_published_at"], clean=False)
    page_published.send(sender=page.specific_class, instance=page, revision=revision)
    log(instance=page, action="wagtail.publish", revision=revision, content_changed=True)


def restrict(page, password):
    if password:
        PageViewRestriction.objects.update_or_create(
            page=page,
            defaults={"restriction_type": PageViewRestriction.PASSWORD, "password": password},
        )


def submit(ctx, item, page):
    """A pending post goes to its blog's review workflow, as if its writer submitted it."""
    workflow = page.get_workflow()
    if workflow is None:
        ctx.report.add("notes", f"{ctx.label(item)}: pending, but the blog has no review workflow")
        return
    state = page.current_workflow_state
    if state is None:
        workflow.start(page, user=None)
