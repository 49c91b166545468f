"""One edit of a page at a time, and no workflow action from a stale form or an autosave.

Wagtail's page editor loads the page, then writes the whole row back from that copy
(`form.save()`) without a lock. A second request that loaded the page before the first
committed, such as Wagtail 8's autosave of the form a reviewer has just used to approve,
writes the stale copy back: the post ends unpublished though its history says "Published"
(wagtail/wagtail#13856, #14460). Bulletin's edit view wraps Wagtail's, whatever Wagtail does:

1. every POST is one transaction that first locks the page's row, so edits of one page
   queue, each loads what the one before committed, and an error rolls all of it back
   (on SQLite, `BEGIN IMMEDIATE` takes the write lock: settings.base);
2. an autosave (a request that asks for JSON) never performs a workflow action;
3. a workflow action is refused, writing nothing, unless the review step the form was
   opened on (`review_task_state`, home.forms.BasePageForm) is still waiting.
"""

from django.contrib import messages
from django.contrib.messages import get_messages
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import escape

from wagtail.admin.auth import require_admin_access
from wagtail.admin.viewsets.pages import page_viewset_registry
from wagtail.models import Page, TaskState

from .signoff import missing_roles, missing_roles_refusal

# Wagtail's own dispatch, so each page type's PageViewSet (and its edit view) still applies.
wagtail_edit = page_viewset_registry.as_view("edit", page_id_kwarg="page_id")

AUTOSAVE_REFUSAL = (
    "An autosave cannot approve or reject a post. Nothing was saved: use the buttons at the "
    "bottom of the page."
)
STALE_REFUSAL = (
    "This post is no longer waiting for this step of the review: someone acted on it after "
    "you opened it. Nothing was saved. Check its status and history, then act again if you "
    "still need to."
)


@require_admin_access
def edit_page(request, page_id):
    """Wagtail's page editor (wagtailadmin_pages:edit), one POST per page at a time."""
    if request.method != "POST":
        return wagtail_edit(request, page_id=page_id)
    acting = bool(request.POST.get("action-workflow-action"))
    with transaction.atomic():
        page = Page.objects.select_for_update().filter(pk=page_id).first()
        if page is not None and acting:
            refusal = refuse_workflow_action(request, page)
            if refusal is not None:
                return refusal
        response = wagtail_edit(request, page_id=page_id)
    approved = request.POST.get("workflow-action-name") == "approve"
    if acting and approved and response.status_code == 302:  # not a form with errors
        say_what_the_approval_did(request, page_id)
    return response


def expects_json(request):
    # As Wagtail tells an autosave from a click (JsonPostResponseMixin).
    return not request.accepts("text/html")


def refuse_workflow_action(request, page):
    """A refusal response for a workflow action that must not run, or None."""
    if expects_json(request):
        return refusal(request, page, AUTOSAVE_REFUSAL)
    state = page.current_workflow_task_state  # read under the lock: what is true now
    opened_on = request.POST.get("review_task_state")
    if (
        state is None
        or state.status != TaskState.STATUS_IN_PROGRESS
        or (opened_on is not None and opened_on != str(state.pk))
    ):
        return refusal(request, page, STALE_REFUSAL)
    # The review task refuses too (BlogReviewTask.on_action); here the editor says why.
    if request.POST.get("workflow-action-name") == "approve" and (missing := missing_roles(page)):
        return refusal(request, page, missing_roles_refusal(missing))
    return None


def refusal(request, page, reason):
    if expects_json(request):
        # Wagtail's autosave shows the message and stops autosaving for this form.
        return JsonResponse(
            {"success": False, "error_code": "invalid_revision", "error_message": reason},
            status=400,
        )
    messages.error(request, reason)
    return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))


def say_what_the_approval_did(request, page_id):
    """Wagtail says "Page '…' has been updated." after any workflow action; say instead
    whether the approval published the post or sent changed content back for review."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return
    title = page.get_admin_display_title()
    if page.live and page.current_workflow_state is None:
        text = f"'{title}' has been approved and published."
        level = messages.SUCCESS
    else:
        text = (
            f"'{title}' was changed during the review, so it went back through the checks: "
            "it is published once a reviewer approves this version."
        )
        level = messages.WARNING
    updated = escape(f"Page '{title}' has been updated.")  # as Wagtail renders it
    # Wagtail's message is queued in this request: take it back out (Django's storage has
    # no public way to do so).
    storage = get_messages(request)
    storage._queued_messages = [
        m for m in storage._queued_messages if not str(m.message).startswith(updated)
    ]
    messages.add_message(request, level, text)
