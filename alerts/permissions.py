"""Who may see what of e-mail alerts in the admin.

Administrators (superusers and the `Administrators` group, which holds the alerts models'
permissions) see every blog, the network-wide
subscriptions, the suppression list and erasure. A reviewer sees the counts and sent alerts
of the blogs where they may publish (their `<Blog title> reviewers` group), nothing else.
Everybody else, writers included, is refused. Every view asks these questions on the
server, whatever the menu shows.
"""

from wagtail.models import Page
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import policy_registry

from posts.models import BlogPage

VIEW_ACTIONS = {"view"}
ADMIN_ACTIONS = {"add", "delete", "view"}


def remembered(question):
    """Asked once per user object (once per request): the admin's menu and each view's
    buttons ask again and again, as Django's own permission checks do (`_perm_cache`)."""
    attribute = f"_alerts_{question.__name__}"

    def ask(user):
        if not (user and user.is_active):
            return False
        if not hasattr(user, attribute):
            setattr(user, attribute, question(user))
        return getattr(user, attribute)

    ask.__name__ = question.__name__
    ask.__doc__ = question.__doc__
    return ask


@remembered
def is_alerts_admin(user):
    # The Administrators group holds this permission (migration 0002); Django caches a
    # user's permissions per request, so the admin menu costs no query of its own.
    return user.has_perm("alerts.delete_suppression")


def alert_blogs(user):
    """The blogs whose alerts `user` may see: all for Administrators, else the blogs where
    they may publish."""
    if is_alerts_admin(user):
        return BlogPage.objects.all()
    if not (user and user.is_active):
        return BlogPage.objects.none()
    pages = policy_registry.get_by_type(Page).instances_user_has_permission_for(user, "publish")
    return BlogPage.objects.filter(pk__in=pages.values("pk"))


@remembered
def can_view_alerts(user):
    return is_alerts_admin(user) or alert_blogs(user).exists()


class AlertsPolicy(BasePermissionPolicy):
    """Sent alerts: viewed by reviewers (of their blogs) and Administrators."""

    def user_has_permission(self, user, action):
        return action in VIEW_ACTIONS and can_view_alerts(user)


class AdministratorsPolicy(BasePermissionPolicy):
    """The suppression list: Administrators only."""

    def user_has_permission(self, user, action):
        return action in ADMIN_ACTIONS and is_alerts_admin(user)
