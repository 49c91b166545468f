"""Each new blog's reviewers may moderate its comments; what readers see of comments
replaces the content version (contentcache), so that cached pages show it at once."""

from django.contrib.auth.models import Permission
from django.db.models.signals import post_delete, post_init, post_save

from contentcache import content
from editorial.models import BlogRoles


def grant_moderation(sender, instance, created, raw=False, **kwargs):
    """editorial makes a BlogRoles for every new blog (and renames its groups with it);
    its reviewers group gets the moderation permission, scoped to the blog by the group's
    page permissions (comments.permissions)."""
    if raw:
        return
    permission = Permission.objects.filter(
        content_type__app_label="comments", codename="moderate_readercomment"
    ).first()
    if permission is not None:
        instance.reviewers.permissions.add(permission)


def remember_status(sender, instance, **kwargs):
    # Not `instance.status`: on a queryset with only() that would be a query per row.
    instance._loaded_status = instance.__dict__.get("status") if instance.pk else None


def comment_saved(sender, instance, created=False, raw=False, **kwargs):
    """Approving, editing or taking back a published comment changes pages; a new comment
    held for moderation does not (a flood of them must not empty the page cache)."""
    from .models import ReaderComment

    approved = ReaderComment.Status.APPROVED
    was = getattr(instance, "_loaded_status", None)
    if not raw and approved in (instance.status, was):
        content.bump(sender=sender, instance=instance)
    instance._loaded_status = instance.status


def comment_deleted(sender, instance, **kwargs):
    from .models import ReaderComment

    was = getattr(instance, "_loaded_status", None)
    if ReaderComment.Status.APPROVED in (instance.__dict__.get("status"), was):
        content.bump(sender=sender, instance=instance)


def connect():
    from .models import BlogCommentSettings, ReaderComment

    post_save.connect(grant_moderation, sender=BlogRoles, dispatch_uid="comments_blog_roles")
    post_init.connect(remember_status, sender=ReaderComment, dispatch_uid="comments_status")
    post_save.connect(comment_saved, sender=ReaderComment, dispatch_uid="comments_bump")
    post_delete.connect(comment_deleted, sender=ReaderComment, dispatch_uid="comments_bump")
    # Whether comments are open, the policy links: shown on every post of the blog.
    content.bump_on_change(BlogCommentSettings)
