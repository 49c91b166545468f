"""E-mails: the commenter is told their comment is published (if they asked); moderators
get a daily summary of what waits. Plain text, built in the background worker; links use
BASE_URL. Readers' words appear only as plain text, and a digest quotes none of them."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Count, Min
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from home.addresses import public_url
from posts.models import PostPage

from .models import ReaderComment
from .permissions import moderated_comments, moderators

logger = logging.getLogger(__name__)


def send_published_notice(comment_id):
    """Tell the commenter their comment is on the post; returns how many e-mails went."""
    comment = ReaderComment.objects.select_related("post").filter(pk=comment_id).first()
    if (
        comment is None
        or comment.status != ReaderComment.Status.APPROVED
        or not (comment.notify_on_publish and comment.email)
        or not PostPage.objects.for_readers().filter(pk=comment.post_id).exists()
    ):
        return 0
    # Claimed first, so that two workers never both send it.
    now = timezone.now()
    claimed = ReaderComment.objects.filter(pk=comment.pk, notified_at__isnull=True).update(
        notified_at=now
    )
    if not claimed:
        return 0
    body = render_to_string(
        "comments/email/published.txt",
        {
            "comment": comment,
            "post_title": comment.post.title,
            "url": comment.public_url(),
            "site_name": settings.WAGTAIL_SITE_NAME,
        },
    )
    subject = f"{settings.EMAIL_SUBJECT_PREFIX}Your comment is published"
    try:
        sent = EmailMessage(subject, body, to=[comment.email]).send()
    except Exception:
        ReaderComment.objects.filter(pk=comment.pk).update(notified_at=None)
        raise
    logger.info("Sent the published notice for comment %s", comment.pk)
    return sent


def waiting_by_post(user):
    """The posts with comments waiting for `user`, oldest first: (post, count, oldest)."""
    rows = (
        moderated_comments(user)
        .waiting()
        .order_by()
        .values("post_id")
        .annotate(count=Count("pk"), oldest=Min("created_at"))
    )
    rows = {row["post_id"]: row for row in rows}
    posts = PostPage.objects.filter(pk__in=rows).with_blogs()
    summary = [(post, rows[post.pk]["count"], rows[post.pk]["oldest"]) for post in posts]
    return sorted(summary, key=lambda item: item[2])


def send_digest():
    """The daily summary, to each moderator with something waiting; returns how many went."""
    console_url = public_url(reverse("reader_comments:index")) + "?status=pending"
    now = timezone.now()
    messages = []
    for user in moderators().exclude(email=""):
        summary = waiting_by_post(user)
        if not summary:
            continue
        total = sum(count for _, count, _ in summary)
        body = render_to_string(
            "comments/email/digest.txt",
            {
                "recipient": user.get_full_name() or user.get_username(),
                "total": total,
                "summary": summary,
                "oldest": summary[0][2],
                "now": now,
                "console_url": console_url,
                "site_name": settings.WAGTAIL_SITE_NAME,
            },
        )
        noun = "comment is" if total == 1 else "comments are"
        subject = f"{settings.EMAIL_SUBJECT_PREFIX}{total} reader {noun} waiting for moderation"
        messages.append(EmailMessage(subject, body, to=[user.email]))
    if not messages:
        return 0
    with get_connection() as connection:
        sent = connection.send_messages(messages) or 0
    logger.info("Sent %s moderation digests", sent)
    return sent
