from django.apps import AppConfig

from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    default = True  # this module also holds the users admin's config
    name = "accounts"
    verbose_name = "Accounts"


class UsersConfig(WagtailUsersAppConfig):
    """wagtail.users, with Bulletin's user forms (Wagtail's way: its app config names the
    users viewset)."""

    user_viewset = "accounts.viewsets.UserViewSet"
