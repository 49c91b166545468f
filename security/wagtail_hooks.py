from django.contrib import messages
from django.urls import include, path, reverse
from django.utils.html import format_html

from wagtail import hooks
from wagtail.admin.ui.components import Component

from . import twofactor, urls


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [path("", include(urls))]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    has_device = twofactor.has_device(request.user)
    return {
        "url": reverse("security_2fa_setup"),
        "label": "Replace authenticator app" if has_device else "Set up two-factor sign-in",
        "help_text": "Sign in with a code from an authenticator app as well as your password.",
    }


class TwoFactorOfferPanel(Component):
    """On the dashboard of people who have no second factor yet (Writers: it is optional)."""

    name = "two_factor_offer"
    order = 50

    def render_html(self, parent_context=None):
        return format_html(
            '<section class="w-panel" aria-labelledby="two-factor-offer">'
            '<div class="w-panel__header"><h2 class="w-panel__heading" id="two-factor-offer">'
            "Protect your account</h2></div>"
            '<div class="w-panel__content"><p>Sign in with a code from an authenticator app '
            "as well as your password, so a stolen password is not enough.</p>"
            '<p><a class="button button-secondary" href="{}">Set up two-factor sign-in</a>'
            "</p></div></section>",
            reverse("security_2fa_setup"),
        )


@hooks.register("construct_homepage_panels")
def offer_two_factor(request, panels):
    if not twofactor.has_device(request.user):
        panels.append(TwoFactorOfferPanel())


@hooks.register("after_edit_page")
def warn_about_a_newer_version(request, page):
    """Integrity: when two people edit a page at once, Wagtail keeps both saves as
    revisions but tells the later one nothing. Say that a newer version was overwritten,
    by whom, and where to compare them: only when this request saved a revision and
    someone else saved one after the editor was opened (not after an approval, which
    saves nothing, nor after one's own earlier saves)."""
    opened_id = request.POST.get("overwrite_revision_id") or request.POST.get("loaded_revision_id")
    latest = page.latest_revision
    if not opened_id or latest is None or str(latest.pk) == opened_id:
        return
    if latest.user_id != request.user.pk:
        return  # this request saved no revision of its own
    opened = page.revisions.filter(pk=opened_id).first()
    if opened is None:
        return
    between = (
        page.revisions.filter(created_at__gt=opened.created_at)
        .exclude(pk=latest.pk)
        .exclude(user=request.user)
        .select_related("user")
        .order_by("-created_at", "-pk")
        .first()
    )
    if between is None:
        return
    who = (
        between.user.get_full_name() or between.user.get_username() if between.user else "Someone"
    )
    messages.warning(
        request,
        format_html(
            "{} saved this page after you opened it. Your changes are saved as a new "
            'version and theirs are kept: <a href="{}">compare the versions in the history</a>.',
            who,
            reverse("wagtailadmin_pages:history", args=[page.pk]),
        ),
    )
