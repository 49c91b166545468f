from wagtail import hooks
from wagtail.admin.views.account import BaseSettingsPanel

from .forms import BylineForm


class BylineSettingsPanel(BaseSettingsPanel):
    """Job title and organisation: with the name above, what the person's entry in the
    People list (their byline) is made from when they first write a post."""

    name = "byline"
    title = "Your byline"
    order = 150  # after "Name and Email"
    form_class = BylineForm
    template_name = "accounts/byline_panel.html"


@hooks.register("register_account_settings_panel")
def byline_panel(request, user, profile):
    return BylineSettingsPanel(request, user, profile)
