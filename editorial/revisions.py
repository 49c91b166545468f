"""Keeping a review on the content it is about: revisions compared by what a reader would
see, not by Wagtail's bookkeeping, and a review moved on, or started again, when the post
changes under it (the review tasks in editorial.models call these)."""

import re

from django.db import transaction

from wagtail.log_actions import log
from wagtail.models import COMMENTS_RELATION_NAME, Page, Revision

# Revision fields that Wagtail keeps for itself: they change with every save, not the post.
BOOKKEEPING = {
    "pk",
    "path",
    "depth",
    "numchild",
    "url_path",
    "live",
    "has_unpublished_changes",
    "first_published_at",
    "last_published_at",
    "live_revision",
    "latest_revision",
    "latest_revision_created_at",
    "locked",
    "locked_at",
    "locked_by",
    "draft_title",
    COMMENTS_RELATION_NAME,
}


# Draftail adds block keys to rich text the first time a post made in code is edited.
BLOCK_KEY = re.compile(r'\s+data-block-key=\\?"[^"\\]*\\?"')


def without_block_keys(value):
    if isinstance(value, str):
        return BLOCK_KEY.sub("", value)
    if isinstance(value, list):
        return [without_block_keys(item) for item in value]
    if isinstance(value, dict):
        return {key: without_block_keys(item) for key, item in value.items()}
    return value


def post_content(revision):
    return {
        key: without_block_keys(value)
        for key, value in revision.content.items()
        if key not in BOOKKEEPING
    }


def last_change_by(revision, user):
    """Whether `user` changed the post's content in `revision` (rather than saving it again
    unchanged, as the editor does when a reviewer acts there)."""
    if revision.user_id != user.pk:
        return False
    before = (
        Revision.objects.filter(
            base_content_type_id=revision.base_content_type_id,
            object_id=revision.object_id,
            created_at__lt=revision.created_at,
        )
        .exclude(user=user)
        .order_by("-created_at", "-pk")
        .first()
    )
    return before is None or post_content(before) != post_content(revision)


def reviewed_object(workflow_state):
    """The page (as its specific type), person or category under review."""
    obj = workflow_state.content_object
    return obj.specific if isinstance(obj, Page) else obj


def content_changed_since(task_state, page):
    """Whether the post now differs from the revision under review: a newer revision with
    other content, or that revision overwritten (autosave) after the review began."""
    latest = page.get_latest_revision()
    if latest is None:
        return False
    if latest.pk == task_state.revision_id:
        return latest.created_at > task_state.started_at
    # Approving in the editor saves the form again; an unchanged post is not a change.
    return post_content(latest) != post_content(task_state.revision)


def carry_review_to_latest(task_state, page):
    """Move a review onto a newer revision with the same content (the editor saves one when
    a reviewer approves there), so that Wagtail does not ask for the approvals again."""
    latest = page.get_latest_revision()
    if latest.pk != task_state.revision_id:
        task_state.workflow_state.copy_approved_task_states_to_revision(latest)
        task_state.revision = latest
        task_state.save(update_fields=["revision"])


@transaction.atomic
def restart_review(task_state, user=None):
    """Send the post back to the start of the workflow: the current step is cancelled and
    the checks run again on the latest revision before anyone can approve it."""
    page = reviewed_object(task_state.workflow_state)
    log(
        page,
        "editorial.workflow.restart",
        user=user,
        data={"task": {"id": task_state.task_id, "title": task_state.task.name}},
        revision=page.get_latest_revision(),
    )
    # Cancelling moves the workflow on to the first step that has not passed on the
    # latest revision; BlogReviewTask.start sends it through the checks first.
    task_state.specific.cancel(user=user)
