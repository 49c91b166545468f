"""Approved comments to approved ReaderComments, held ones to pending; spam, trash,
pingbacks and trackbacks left out and counted.

Bulletin's comments have one level of replies: a reply to a reply answers the first
comment of its thread."""

import ipaddress

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from comments.models import NAME_MAX_LENGTH, ReaderComment, body_digest

from .context import Kind, fingerprint
from .models import ImportedObject
from .text import moment, one_line, plain

STATUSES = {"1": ReaderComment.Status.APPROVED, "0": ReaderComment.Status.PENDING}
LEFT_OUT = {"spam": "spam", "trash": "in the trash", "post-trashed": "in the trash"}


def skip_reason(comment):
    if comment.type in ("pingback", "trackback"):
        return "pingback or trackback"
    if comment.type not in ("", "comment"):
        return f"comment type {comment.type}"
    if comment.approved not in STATUSES:
        return LEFT_OUT.get(comment.approved, f"status {comment.approved}")
    return None


def wanted(ctx, item):
    kept = []
    for comment in item.comments:
        ctx.report.found["comment"] += 1
        reason = skip_reason(comment)
        if reason:
            ctx.report.skip("comment", reason)
        else:
            kept.append(comment)
    return kept


def existing(ctx, kept):
    if ctx.blog is None or not kept:
        return {}
    rows = ImportedObject.objects.filter(
        blog=ctx.blog, kind=Kind.COMMENT, wp_id__in=[c.wp_id for c in kept]
    )
    return {row.wp_id: row for row in rows}


def count_unchanged(ctx, item):
    kept = wanted(ctx, item)
    ctx.report.unchanged["comment"] += len(kept)


def plan(ctx, item):
    """Count what importing the item's comments would do (dry run)."""
    kept = wanted(ctx, item)
    rows = existing(ctx, kept)
    for comment in kept:
        row = rows.get(comment.wp_id)
        if row is None:
            ctx.report.created["comment"] += 1
        elif row.fingerprint == fingerprint(comment):
            ctx.report.unchanged["comment"] += 1
        else:
            ctx.report.updated["comment"] += 1


def import_comments(ctx, item, post):
    write_comments(ctx, [(item, post)])


def write_comments(ctx, pairs):
    """The comments of each (item, post): a batch of new posts' comments in a few queries
    for all of them (importer.batch)."""
    batches = [(post, wanted(ctx, item)) for item, post in pairs]
    rows = existing(ctx, [comment for _post, kept in batches for comment in kept])
    objects = ReaderComment.objects.in_bulk([row.object_id for row in rows.values()])
    new, threads = [], []
    for post, kept in batches:
        saved = {}
        for comment in kept:
            row = rows.get(comment.wp_id)
            reader_comment = objects.get(row.object_id) if row else None
            if reader_comment and row.fingerprint == fingerprint(comment):
                ctx.report.unchanged["comment"] += 1
            else:
                (ctx.report.updated if reader_comment else ctx.report.created)["comment"] += 1
                reader_comment = reader_comment or ReaderComment(post=post)
                fill(reader_comment, comment)
                if row is None:
                    new.append((comment.wp_id, reader_comment, comment))
                else:
                    reader_comment.save()
                    ctx.remember(Kind.COMMENT, comment.wp_id, reader_comment, comment)
            saved[comment.wp_id] = reader_comment
        threads.append((saved, {c.wp_id: c.parent for c in kept}))
    if new:
        # A first import's comments in two queries, not two or more each.
        for _wp_id, reader_comment, _comment in new:
            reader_comment.digest = body_digest(reader_comment.body)  # as save() does
        ReaderComment.objects.bulk_create([reader_comment for _, reader_comment, _ in new])
        ctx.remember_new(Kind.COMMENT, new)
    changed = [c for saved, parents in threads for c in thread(saved, parents)]
    if changed:
        ReaderComment.objects.bulk_update(changed, ["parent"])


def fill(reader_comment, comment):
    reader_comment.name = one_line(comment.author)[:NAME_MAX_LENGTH] or "Anonymous"
    reader_comment.email = valid_email(comment.email)
    reader_comment.ip_address = valid_ip(comment.ip)
    reader_comment.body = plain(comment.content)
    reader_comment.status = STATUSES[comment.approved]
    reader_comment.created_at = moment(comment.date, comment.date_gmt) or reader_comment.created_at


def thread(saved, parents):
    """Set each comment's parent: the first comment of its thread, or none; returns those
    changed."""
    changed = []
    for wp_id, reader_comment in saved.items():
        top, seen = wp_id, set()
        while parents.get(top, "0") in saved and top not in seen:
            seen.add(top)
            top = parents[top]
        parent = saved[top] if top != wp_id else None
        parent_id = parent.pk if parent else None
        if reader_comment.parent_id != parent_id:
            reader_comment.parent_id = parent_id
            changed.append(reader_comment)
    return changed


def valid_email(value):
    value = (value or "").strip()
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value[:254]


def valid_ip(value):
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None
