"""The moderation console in the admin: its viewset and menu item, bulk actions, the
dashboard panel, the permission policy and the audit log's actions."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy

from .bulk_actions import ApproveBulkAction, RejectBulkAction, SpamBulkAction
from .console import ModerationViewSet, waiting_summary
from .models import ReaderComment
from .permissions import ModerationPermissionPolicy, can_moderate

register_permission_policy(ReaderComment, ModerationPermissionPolicy(ReaderComment))


@hooks.register("register_admin_viewset")
def register_console():
    return ModerationViewSet()


for action in (ApproveBulkAction, RejectBulkAction, SpamBulkAction):
    hooks.register("register_bulk_action", action)


class WaitingCommentsPanel(Component):
    """How many comments wait for this moderator, and how long the oldest has waited
    against the time the comments policy promises."""

    name = "reader_comments_waiting"
    order = 150
    template_name = "comments/admin/dashboard_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        count, oldest = waiting_summary(self.user)
        target = settings.COMMENTS_MODERATION_TARGET_HOURS
        overdue = oldest is not None and (timezone.now() - oldest).total_seconds() > target * 3600
        return {
            "count": count,
            "oldest": oldest,
            "overdue": overdue,
            "target_hours": target,
            "url": reverse("reader_comments:index") + "?status=pending&ordering=created_at",
        }

    def render_html(self, parent_context=None):
        return render_to_string(self.template_name, self.get_context_data(parent_context))


@hooks.register("construct_homepage_panels")
def waiting_comments_panel(request, panels):
    if can_moderate(request.user):
        panels.append(WaitingCommentsPanel(request.user))


@hooks.register("register_log_actions")
def register_log_actions(actions):
    reasons = dict(ReaderComment.RejectionReason.choices)

    actions.register_action("comments.approve", "Approve reader comment", "Approved and published")
    actions.register_action(
        "comments.approve_first", "First approval of reader comment", "Approved (one of two)"
    )
    actions.register_action("comments.spam", "Mark reader comment as spam", "Marked as spam")
    actions.register_action("comments.reply", "Reply to reader comment", "Official reply written")
    actions.register_action(
        "comments.export", "Export reader comment", "Exported (access request)"
    )
    actions.register_action("comments.erase", "Erase reader comment", "Erased (erasure request)")

    @actions.register_action("comments.reject")
    class Rejected(LogFormatter):
        label = "Reject reader comment"

        def format_message(self, log_entry):
            reason = reasons.get(log_entry.data.get("reason"), "no reason")
            return f"Rejected: {reason}"

    @actions.register_action("comments.edit")
    class Edited(LogFormatter):
        label = "Edit reader comment"

        def format_message(self, log_entry):
            fields = " and ".join(log_entry.data.get("fields", [])) or "text"
            return f"Edited the {fields} (the original is kept)"
