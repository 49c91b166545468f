"""Admin hooks: nobody jumps the review queue, every change is reviewed again, and the
workflow's own steps show in the audit log."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.template.defaultfilters import pluralize
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html

from wagtail import hooks
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import LogFormatter
from wagtail.models import Page

from posts.models import BlogPage, PostPage

from . import admin_views, signoff_admin
from .permissions import is_direct_publish_refused
from .workflow import review_latest_revision


def refuse_publishing(request, page, can_publish):
    if not can_publish:
        raise PermissionDenied("Only reviewers can publish. Submit the post for review.")
    if is_direct_publish_refused(page, request.user):
        raise PermissionDenied(
            "This blog needs a second person to approve each post: submit it for review."
        )


@hooks.register("before_edit_page")
def check_publish_on_edit(request, page):
    # Wagtail quietly saves a draft when someone who cannot publish sends action-publish;
    # Bulletin refuses outright, and also refuses reviewers on blogs that need two people.
    if request.method == "POST" and request.POST.get("action-publish"):
        refuse_publishing(request, page, page.permissions_for_user(request.user).can_publish())


@hooks.register("before_create_page")
def check_publish_on_create(request, parent_page, page_class):
    if request.method == "POST" and request.POST.get("action-publish"):
        perms = parent_page.permissions_for_user(request.user)
        refuse_publishing(request, parent_page, perms.can_publish_subpage())


@hooks.register("before_copy_page")
def check_publish_on_copy(request, page):
    if request.method != "POST":
        return
    if request.POST.get("publish_copies") or request.POST.get("alias"):
        destination = Page.objects.filter(pk=request.POST.get("new_parent_page")).first()
        if destination is None or is_direct_publish_refused(destination, request.user):
            raise PermissionDenied("Copies on this blog go live only through review.")


@hooks.register("before_bulk_action")
def check_bulk_publish(request, action_type, objects, action_class_instance):
    if action_type != "publish" or request.user.is_superuser:
        return
    form = getattr(action_class_instance, "cleaned_form", None)
    with_descendants = form is not None and form.cleaned_data.get("include_descendants")
    for page in objects:
        if not isinstance(page, Page):
            return
        # A blog with no settings saved has the default: a second reviewer.
        below = BlogPage.objects.descendant_of(page).filter(
            Q(review_settings__isnull=True) | Q(review_settings__require_second_reviewer=True)
        )
        if is_direct_publish_refused(page, request.user) or (with_descendants and below.exists()):
            raise PermissionDenied("Pages on this blog go live only through review.")


@hooks.register("construct_page_action_menu")
def hide_direct_publish(menu_items, request, context):
    page = context.get("page")
    if page is None or not page.pk:
        page = context.get("parent_page")
    if page is not None and is_direct_publish_refused(page, request.user):
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


@hooks.register("after_edit_page")
def review_every_revision(request, page):
    review_latest_revision(Page.objects.get(pk=page.pk).specific, user=request.user)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    @actions.register_action("editorial.checks.findings")
    class ChecksFoundProblems(LogFormatter):
        label = "Content checks found problems"

        def format_message(self, log_entry):
            count = log_entry.data.get("findings", 0)
            return f"Content checks found {count} problem{pluralize(count)}"

    @actions.register_action("editorial.checks.override")
    class FindingsOverridden(LogFormatter):
        label = "Override content check findings"

        def format_message(self, log_entry):
            count = log_entry.data.get("findings", 0)
            return f"Overrode {count} content check finding{pluralize(count)}"

        def format_comment(self, log_entry):
            return log_entry.data.get("reason", "")

    class SignOffFormatter(LogFormatter):
        verb = ""

        def format_message(self, log_entry):
            data = log_entry.data
            return f"{data.get('name')} ({data.get('role')}, {data.get('email')}) {self.verb}"

        def format_comment(self, log_entry):
            return log_entry.data.get("comment", "")

    @actions.register_action("editorial.sign_off.request")
    class SignOffRequested(SignOffFormatter):
        label = "Ask for sign-off"
        verb = "was asked to sign off"

    @actions.register_action("editorial.sign_off.approve")
    class SignOffApproved(SignOffFormatter):
        label = "Sign-off: approved"
        verb = "approved this version (sign-off)"

    @actions.register_action("editorial.sign_off.changes")
    class SignOffChanges(SignOffFormatter):
        label = "Sign-off: changes requested"
        verb = "asked for changes (sign-off)"

    @actions.register_action("editorial.sign_off.revoke")
    class SignOffRevoked(SignOffFormatter):
        label = "Withdraw a sign-off link"
        verb = "can no longer use their sign-off link"

    @actions.register_action("editorial.workflow.restart")
    class ReviewRestarted(LogFormatter):
        label = "Restart review after an edit"

        def format_message(self, log_entry):
            task = log_entry.data.get("task", {}).get("title", "")
            return f"Edited during '{task}': the review started again"


# The writer's path (editorial/admin_views.py): "New post" on the dashboard, findings that
# lead to their block in the editor, and one "Resubmit for review".
hooks.register("construct_homepage_panels", admin_views.new_post_panel)
hooks.register("insert_editor_js", admin_views.editor_assets)
hooks.register("construct_page_action_menu", admin_views.one_resubmit_action)
hooks.register("construct_snippet_action_menu", admin_views.one_resubmit_snippet_action)


@hooks.register("insert_editor_js")
def autosave_guard():
    # No autosave after the form is sent, and none with a workflow action (editing.py).
    return format_html('<script src="{}" defer></script>', static("editorial/autosave-guard.js"))


# Sign-off by people without accounts (editorial.signoff): each post's Sign-off page.
@hooks.register("register_admin_urls")
def sign_off_urls():
    return [
        path(
            "editorial/sign-off/<int:page_id>/",
            signoff_admin.SignOffView.as_view(),
            name="editorial_sign_off",
        ),
        path(
            "editorial/sign-off/<int:page_id>/withdraw/<int:request_id>/",
            signoff_admin.revoke,
            name="editorial_sign_off_revoke",
        ),
    ]


@hooks.register("register_page_header_buttons")
def sign_off_button(page, user, view_name, next_url=None):
    is_post = issubclass(page.specific_class or type(page), PostPage)
    if is_post and page.permissions_for_user(user).can_edit():
        yield Button(
            "Sign-off",
            reverse("editorial_sign_off", args=[page.pk]),
            icon_name="user",
            priority=66,
        )
