"""What readers see of a post's comments, and whether it takes new ones."""

import datetime

from django.utils import timezone

from contentcache import content

from .models import BlogCommentSettings, ReaderComment


def blog_settings(blog, request=None):
    """The blog's comment settings (None without a blog). They change only when the blog
    is published, so they are kept in the content cache with it."""
    if blog is None:
        return None
    return content.cached(
        "comment-settings",
        blog.pk,
        request=request,
        compute=lambda: BlogCommentSettings.for_blog(blog),
    )


def closing_date(post, settings):
    """The first day the post no longer takes comments (None: it never closes by date)."""
    days = settings.comments_close_after_days if settings else None
    if days is None or post.date is None:
        return None
    return post.date + datetime.timedelta(days=days)


def comments_open(post, settings):
    """Open when the post has them switched on, is live, and its blog's time is not up."""
    if not (post.comments_open and post.live):
        return False
    closes = closing_date(post, settings)
    return closes is None or timezone.localdate() < closes


def threads(post):
    """The post's published comments, oldest first, each with `shown_replies` (oldest
    first): one query however many there are. A reply shows only under a published
    comment, so the approved ones are enough (no join on the parent, as `visible()` needs
    for a reply on its own)."""
    comments = list(
        ReaderComment.objects.filter(post=post, status=ReaderComment.Status.APPROVED)
        .only("pk", "parent_id", "name", "body", "is_official", "created_at", "post_id")
        .order_by("created_at", "pk")
    )
    top = [comment for comment in comments if comment.parent_id is None]
    by_id = {comment.pk: comment for comment in top}
    for comment in top:
        comment.shown_replies = []
    for comment in comments:
        if comment.parent_id in by_id:
            by_id[comment.parent_id].shown_replies.append(comment)
    return top
