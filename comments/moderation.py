"""What moderators do to comments. The console's views and bulk actions call these after
checking permissions; each one writes to Wagtail's audit log (never an e-mail address)."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import log

from .models import BlogCommentSettings, CommentApproval, CommentEdit, ReaderComment

Status = ReaderComment.Status
# Approvals a comment needs on a blog with two-person review.
TWO_PERSON_APPROVALS = 2


@dataclass
class ModerationOutcome:
    done: bool  # the status changed (or the approval counted)
    message: str


def approvals_needed(comment):
    settings = BlogCommentSettings.for_blog(comment.post.blog)
    return TWO_PERSON_APPROVALS if settings and settings.comments_need_two_moderators else 1


def _decide(comment, user, status, reason=""):
    comment.status = status
    comment.rejection_reason = reason
    comment.moderated_at = timezone.now()
    comment.moderated_by = user
    comment.save(update_fields=["status", "rejection_reason", "moderated_at", "moderated_by"])


@transaction.atomic
def approve(comment, user):
    """Publish the comment, or on a blog whose comments need two moderators record this
    moderator's approval and publish it at the second. The commenter is told if they
    asked."""
    if comment.status == Status.APPROVED:
        return ModerationOutcome(False, "The comment was already published.")
    needed = approvals_needed(comment)
    if needed > 1:
        _, added = CommentApproval.objects.get_or_create(comment=comment, user=user)
        count = comment.approvals.count()
        if count < needed:
            if added:
                log(instance=comment, action="comments.approve_first", user=user)
            return ModerationOutcome(
                added,
                "Your approval is recorded. Another moderator must approve the comment "
                "before it is published."
                if added
                else "You have already approved this comment: another moderator must too.",
            )
    _decide(comment, user, Status.APPROVED)
    log(instance=comment, action="comments.approve", user=user)
    if comment.notify_on_publish and comment.email and comment.notified_at is None:
        from .tasks import send_published_notice

        comment_id = comment.pk
        transaction.on_commit(lambda: send_published_notice.enqueue(comment_id))
    return ModerationOutcome(True, "The comment is published.")


@transaction.atomic
def reject(comment, user, reason):
    if comment.status == Status.REJECTED and comment.rejection_reason == reason:
        return ModerationOutcome(False, "The comment was already rejected.")
    comment.approvals.all().delete()
    _decide(comment, user, Status.REJECTED, reason)
    log(instance=comment, action="comments.reject", user=user, data={"reason": reason})
    return ModerationOutcome(
        True, f"The comment is rejected ({comment.get_rejection_reason_display()})."
    )


@transaction.atomic
def mark_spam(comment, user):
    if comment.status == Status.SPAM:
        return ModerationOutcome(False, "The comment was already marked as spam.")
    comment.approvals.all().delete()
    _decide(comment, user, Status.SPAM)
    log(instance=comment, action="comments.spam", user=user)
    return ModerationOutcome(True, "The comment is marked as spam.")


@transaction.atomic
def edit(comment, user, name, body):
    """Change what the comment says; the original is kept in a CommentEdit. Approvals given
    to the old text no longer count."""
    changed = [
        field
        for field, value in (("name", name), ("body", body))
        if getattr(comment, field) != value
    ]
    if not changed:
        return ModerationOutcome(False, "Nothing was changed.")
    CommentEdit.objects.create(
        comment=comment, original_name=comment.name, original_body=comment.body, edited_by=user
    )
    comment.name, comment.body = name, body
    comment.save(update_fields=["name", "body"])
    comment.approvals.all().delete()
    log(instance=comment, action="comments.edit", user=user, data={"fields": changed})
    return ModerationOutcome(True, "The comment is changed. The original is kept in its history.")


def is_official(user, post):
    """A reply from the post's owner or from someone who may publish it (a reviewer)."""
    return post.owner_id == user.pk or post.permissions_for_user(user).can_publish()


@transaction.atomic
def reply(comment, user, name, body):
    """An official reply from the console, under the comment (or under its parent: replies
    go one level deep). Published at once, or after a second approval where one is needed."""
    parent = comment.parent or comment
    answer = ReaderComment.objects.create(
        post=comment.post,
        parent=parent,
        name=name,
        body=body,
        user=user,
        is_official=is_official(user, comment.post),
    )
    log(instance=answer, action="comments.reply", user=user, data={"parent": parent.pk})
    outcome = approve(answer, user)
    return answer, outcome


def person_comments(user_comments, email):
    """Everything sent from `email` among the comments the moderator may see."""
    return user_comments.by_email(email).select_related("post").order_by("created_at", "pk")


@transaction.atomic
def erase(comments, user):
    """Delete a person's comments (and the replies under them) for an erasure request.
    The audit log says that they went and who erased them, not whose they were."""
    comments = list(comments)
    replies = ReaderComment.objects.filter(parent__in=comments).exclude(
        pk__in=[c.pk for c in comments]
    )
    reply_count = replies.count()
    for comment in comments:
        log(instance=comment, action="comments.erase", user=user)
    ReaderComment.objects.filter(pk__in=[c.pk for c in comments]).delete()
    return len(comments), reply_count
