"""The console's pages for one comment (read, edit, approve, reject, mark as spam, reply)
and for one person (export and erase by e-mail address). Every view checks, on the
server, that the user may moderate and that the comment is on one of their blogs."""

import csv
import io
import json

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from . import moderation
from .forms import EditCommentForm, PersonForm, RejectForm, ReplyForm
from .permissions import can_moderate, moderated_comments

EXPORT_FIELDS = [
    "id",
    "post",
    "post_url",
    "reply_to",
    "name",
    "email",
    "ip_address",
    "body",
    "status",
    "rejection_reason",
    "notify_on_publish",
    "created_at",
    "moderated_at",
]


def comment_or_404(request, pk):
    if not can_moderate(request.user):
        raise PermissionDenied
    comments = moderated_comments(request.user).select_related("post", "parent")
    return get_object_or_404(comments, pk=pk)


def review_url(comment):
    return reverse("reader_comments:edit", args=[comment.pk])


class ConsolePage(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "comment"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("reader_comments:index"), "label": "Reader comments"},
            {"url": "", "label": self.get_page_title()},
        ]


class ReviewView(ConsolePage):
    """One comment in its thread, with everything a moderator can do to it."""

    template_name = "comments/admin/review.html"
    page_title = "Moderate comment"

    def dispatch(self, request, pk):
        self.comment = comment_or_404(request, pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return str(self.comment)

    def get_context_data(self, **kwargs):
        comment = self.comment
        user = self.request.user
        kwargs.setdefault(
            "edit_form", EditCommentForm(initial={"name": comment.name, "body": comment.body})
        )
        kwargs.setdefault("reject_form", RejectForm())
        kwargs.setdefault(
            "reply_form",
            ReplyForm(initial={"name": user.get_full_name() or user.get_username()}),
        )
        return super().get_context_data(
            comment=comment,
            thread_parent=comment.parent,
            replies=comment.replies.select_related("user").order_by("created_at", "pk"),
            edits=comment.edits.select_related("edited_by"),
            approvals=comment.approvals.select_related("user"),
            approvals_needed=moderation.approvals_needed(comment),
            post_url=comment.post.get_url(self.request) if comment.post.live else None,
            history_url=reverse("reader_comments:history", args=[comment.pk]),
            **kwargs,
        )

    def post(self, request, pk):
        form = EditCommentForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(edit_form=form), status=400)
        outcome = moderation.edit(
            self.comment, request.user, form.cleaned_data["name"], form.cleaned_data["body"]
        )
        messages.success(request, outcome.message)
        return redirect(review_url(self.comment))


def render_review(request, comment, status=400, **forms):
    view = ReviewView()
    view.setup(request, pk=comment.pk)
    view.comment = comment
    return view.render_to_response(view.get_context_data(**forms), status=status)


@require_POST
def decide(request, pk, decision):
    comment = comment_or_404(request, pk)
    if decision == "approve":
        outcome = moderation.approve(comment, request.user)
    elif decision == "spam":
        outcome = moderation.mark_spam(comment, request.user)
    else:
        form = RejectForm(request.POST)
        if not form.is_valid():
            return render_review(request, comment, reject_form=form)
        outcome = moderation.reject(comment, request.user, form.cleaned_data["reason"])
    (messages.success if outcome.done else messages.warning)(request, outcome.message)
    return redirect(get_valid_next_url_from_request(request) or review_url(comment))


@require_POST
def reply(request, pk):
    comment = comment_or_404(request, pk)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return render_review(request, comment, reply_form=form)
    answer, outcome = moderation.reply(
        comment, request.user, form.cleaned_data["name"], form.cleaned_data["body"]
    )
    messages.success(request, f"Your reply is saved. {outcome.message}")
    return redirect(reverse("reader_comments:edit", args=[answer.pk]))


def export(comments, request, file_format):
    rows = []
    for comment in comments:
        log(instance=comment, action="comments.export", user=request.user)
        rows.append(
            {
                "id": comment.pk,
                "post": comment.post.title,
                "post_url": comment.post.get_full_url(request) or "",
                "reply_to": comment.parent_id or "",
                "name": comment.name,
                "email": comment.email,
                "ip_address": comment.ip_address or "",
                "body": comment.body,
                "status": comment.status,
                "rejection_reason": comment.rejection_reason,
                "notify_on_publish": comment.notify_on_publish,
                "created_at": comment.created_at.isoformat(),
                "moderated_at": comment.moderated_at.isoformat() if comment.moderated_at else "",
            }
        )
    if file_format == "json":
        body, content_type = json.dumps(rows, indent=2, ensure_ascii=False), "application/json"
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=EXPORT_FIELDS)
        writer.writeheader()
        writer.writerows(
            {key: spreadsheet_safe(value) for key, value in row.items()} for row in rows
        )
        body, content_type = buffer.getvalue(), "text/csv"
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="comments.{file_format}"'
    response["Cache-Control"] = "no-store"
    return response


def spreadsheet_safe(value):
    """Text a spreadsheet would run as a formula starts with a quote instead."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


class PersonView(ConsolePage):
    """Subject access and erasure requests: one person's comments, by e-mail address.
    The address travels in POST bodies only, never in a URL (or the server's logs)."""

    template_name = "comments/admin/person.html"
    page_title = "Comments by one person"

    def dispatch(self, request, *args, **kwargs):
        if not can_moderate(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def post(self, request):
        form = PersonForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        comments = moderation.person_comments(
            moderated_comments(request.user), form.cleaned_data["email"]
        )
        action = request.POST.get("action")
        if action in ("csv", "json"):
            return export(comments, request, action)
        if action == "erase":
            if request.POST.get("confirm") != "yes":
                messages.error(request, "Tick the box to confirm that the comments should go.")
            else:
                erased, replies = moderation.erase(comments, request.user)
                messages.success(
                    request,
                    f"Erased {erased} comment{'s' if erased != 1 else ''} and "
                    f"{replies} repl{'ies' if replies != 1 else 'y'} to them.",
                )
                return redirect("reader_comments:person")
        return self.render_to_response(self.get_context_data(form=form, comments=list(comments)))

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", PersonForm())
        kwargs.setdefault("comments", None)
        return super().get_context_data(**kwargs)
