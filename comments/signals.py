"""Each new blog's reviewers may moderate its comments."""

from django.contrib.auth.models import Permission
from django.db.models.signals import post_save

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


def connect():
    post_save.connect(grant_moderation, sender=BlogRoles, dispatch_uid="comments_blog_roles")
