"""Approve, reject and mark as spam from the console's listing, many comments at once.

Wagtail's bulk actions look comments up by id across the whole table; here only the
moderator's own comments (comments.permissions) are ever found, and anyone who may not
moderate is refused outright."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from wagtail.admin.views.bulk_action import BulkAction

from . import moderation
from .forms import RejectForm
from .models import ReaderComment
from .permissions import can_moderate, moderated_comments


class CommentBulkAction(BulkAction):
    models = [ReaderComment]
    template_name = "comments/admin/bulk_confirm.html"
    form_class = forms.Form
    operation = None  # a function of (comment, user, **form data) in comments.moderation
    question = ""

    def dispatch(self, request, *args, **kwargs):
        if not can_moderate(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def scope(self):
        return moderated_comments(self.request.user).select_related("post")

    def get_all_objects_in_listing_query(self, parent_id):
        # "Select all in listing": the listing's own filters, from the query string.
        from .console import ModerationFilterSet

        filters = ModerationFilterSet(
            self.request.GET, queryset=self.scope(), request=self.request
        )
        if not filters.is_valid():
            return []
        found = filters.qs
        if words := self.request.GET.get("q", "").strip():
            found = found.filter(Q(name__icontains=words) | Q(body__icontains=words))
        return found.values_list("pk", flat=True)

    def get_actionable_objects(self):
        ids = self.request.GET.getlist("id")
        if "all" in ids:
            ids = list(self.get_all_objects_in_listing_query(None))
        ids = [value for value in ids if str(value).isdigit() and len(str(value)) < 19]
        objects = list(self.scope().filter(pk__in=ids).order_by("created_at", "pk"))
        # Comments of other blogs are not named, only counted.
        missing = len(set(map(str, ids)) - {str(obj.pk) for obj in objects})
        return objects, {"items_with_no_access": [], "unavailable_count": missing}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["question"] = self.question
        context["action_label"] = self.display_name
        context["unavailable_count"] = self.get_actionable_objects()[1]["unavailable_count"]
        return context

    def get_execution_context(self):
        data = self.cleaned_form.cleaned_data if self.cleaned_form else {}
        return {"user": self.request.user, "operation": type(self).operation, **data}

    @classmethod
    def execute_action(cls, objects, user=None, operation=None, **data):
        done = sum(operation(comment, user, **data).done for comment in objects)
        return done, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        chosen = len(self.actionable_objects)
        return f"{self.display_name}: {num_parent_objects} of {chosen} comments."


class ApproveBulkAction(CommentBulkAction):
    display_name = "Approve"
    action_type = "approve"
    aria_label = "Approve the selected comments"
    action_priority = 10
    operation = staticmethod(moderation.approve)
    question = (
        "Approve these comments? They are published at once (on blogs that need two "
        "moderators, once a second one approves too)."
    )


class RejectBulkAction(CommentBulkAction):
    display_name = "Reject"
    action_type = "reject"
    aria_label = "Reject the selected comments"
    action_priority = 20
    form_class = RejectForm
    operation = staticmethod(moderation.reject)
    question = "Reject these comments? Choose one reason for all of them."


class SpamBulkAction(CommentBulkAction):
    display_name = "Mark as spam"
    action_type = "spam"
    aria_label = "Mark the selected comments as spam"
    action_priority = 30
    classes = {"serious"}
    operation = staticmethod(moderation.mark_spam)
    question = "Mark these comments as spam?"
