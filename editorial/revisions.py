"""Comparing revisions by what a reader would see, not by Wagtail's bookkeeping."""

import re

from wagtail.models import COMMENTS_RELATION_NAME, Revision

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
