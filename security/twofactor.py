"""Who must sign in with a second factor, and which step of signing in they are at."""

from functools import lru_cache

from django_otp import devices_for_user

from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from .groups import ADMINISTRATORS, REVIEWERS

# Site-wide groups (editorial's migration makes them) whose members must use a second
# factor. Anyone who may publish a page somewhere must too, whatever their groups' names.
REQUIRED_GROUPS = (REVIEWERS, ADMINISTRATORS)


def is_required(user):
    """Whether `user` may not use the admin without a second factor."""
    if not settings.BULLETIN_REQUIRE_2FA or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(
        Q(name__in=REQUIRED_GROUPS) | Q(page_permissions__permission__codename="publish_page")
    ).exists()


def has_device(user):
    return any(True for _ in devices_for_user(user, confirmed=True))


def next_step(user):
    """ "verify" (a device is set up), "setup" (required, none yet) or None (password
    alone will do). Remembered on the user object for the rest of the request."""
    if not hasattr(user, "_bulletin_2fa_step"):
        if has_device(user):
            step = "verify"
        elif is_required(user):
            step = "setup"
        else:
            step = None
        user._bulletin_2fa_step = step
    return user._bulletin_2fa_step


@lru_cache(maxsize=1)
def exempt_prefixes():
    """Admin paths a half-signed-in person may still reach: signing in and out, resetting
    a password, the second-factor pages and what the sign-in page itself loads."""
    names = [
        "wagtailadmin_login",
        "wagtailadmin_logout",
        "wagtailadmin_password_reset",
        "wagtailadmin_javascript_catalog",
        "wagtailadmin_sprite",
        "security_2fa_verify",
        "security_2fa_setup",
    ]
    return tuple(reverse(name) for name in names)


def is_exempt_path(path):
    return path.startswith(exempt_prefixes())
