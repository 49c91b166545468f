"""Who may moderate which comments.

The `comments.moderate_readercomment` permission (given by migration to `Reviewers`,
`Administrators` and every `<Blog title> reviewers` group) says *what*; the blog's page
permissions say *where*: a moderator sees and acts on the comments of the blogs where they
may publish, superusers on all of them. Every console view asks these questions on the
server, whatever the buttons shown.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q

from wagtail.models import Page
from wagtail.permission_policies.base import BaseDjangoAuthPermissionPolicy
from wagtail.permissions import policy_registry

from .models import ReaderComment

PERMISSION = "comments.moderate_readercomment"
# The generic admin views ask for "change" (edit, history) or any of add, change, delete
# and view (the listing); moderating covers these. Nobody adds or deletes comments there.
MODERATION_ACTIONS = {"moderate", "change", "view"}


def can_moderate(user):
    return bool(user and user.is_active and user.has_perm(PERMISSION))


def moderated_comments(user):
    """The comments `user` may moderate: those on posts under the pages they may publish."""
    if not can_moderate(user):
        return ReaderComment.objects.none()
    if user.is_superuser:
        return ReaderComment.objects.all()
    pages = policy_registry.get_by_type(Page).instances_user_has_permission_for(user, "publish")
    return ReaderComment.objects.filter(post__in=pages.values("pk"))


def can_moderate_comment(user, comment):
    return moderated_comments(user).filter(pk=comment.pk).exists()


def moderators():
    """Active people given the permission through a group or directly (superusers are not
    counted unless they are given it too: they see everything, but are not on the rota)."""
    permission = Permission.objects.filter(
        content_type__app_label="comments", codename="moderate_readercomment"
    )
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__permissions__in=permission) | Q(user_permissions__in=permission))
        .distinct()
    )


class ModerationPermissionPolicy(BaseDjangoAuthPermissionPolicy):
    """The console's permission policy, registered for ReaderComment."""

    def user_has_permission(self, user, action):
        return action in MODERATION_ACTIONS and can_moderate(user)

    def users_with_any_permission(self, actions):
        if not MODERATION_ACTIONS.intersection(actions):
            return get_user_model().objects.none()
        return self._get_users_with_any_permission_codenames(["moderate_readercomment"])

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and can_moderate_comment(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if not MODERATION_ACTIONS.intersection(actions):
            return ReaderComment.objects.none()
        return moderated_comments(user)
