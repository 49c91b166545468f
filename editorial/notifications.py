"""Workflow e-mails: submitted (to the blog's reviewers), approved and changes requested
(to the writer, with the reviewer's comment). The workflow's signals queue them
(editorial.workflow); the background worker builds and sends them, after the request's
transaction commits; links use BASE_URL, never the Host.
A person or category under review gets the same e-mails, worded for it, with links to its
editor and history in the snippet admin."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse

from wagtail.admin.utils import get_latest_str
from wagtail.models import Page, TaskState, WorkflowState
from wagtail.users.models import UserProfile

from home.addresses import public_url

from .findings import findings_for
from .models import BlogReviewTask
from .permissions import owning_blog, user_can_review
from .revisions import reviewed_object

logger = logging.getLogger(__name__)

EVENTS = {
    # event: (subject, the UserProfile preference that can switch it off)
    "submitted": ("Waiting for your review: {title}", "submitted_notifications"),
    "approved": ("Approved and published: {title}", "approved_notifications"),
    "rejected": ("Changes requested: {title}", "rejected_notifications"),
}


def absolute(url):
    return public_url(url) if url else ""


def display_name(user):
    return (user.get_full_name() or user.get_username()) if user else "Bulletin"


def reviewers_of(page, workflow_state):
    group_ids = [
        group.pk
        for task in workflow_state.workflow.tasks.specific()
        if isinstance(task, BlogReviewTask)
        for group in task.groups.all()
    ]
    users = get_user_model().objects.filter(is_active=True, groups__in=group_ids).distinct()
    return [user for user in users if user_can_review(page, user)]


def recipients_for(event, page, workflow_state, actor_id):
    users = (
        reviewers_of(page, workflow_state)
        if event == "submitted"
        else [workflow_state.requested_by]
    )
    preference = EVENTS[event][1]
    return [
        user
        for user in users
        if user
        and user.is_active
        and user.email
        and user.pk != actor_id
        and getattr(UserProfile.get_for_user(user), preference)
    ]


def decision(workflow_state, event):
    """The task state that carries the reviewer's decision and comment."""
    if event == "rejected":
        return workflow_state.current_task_state
    return (
        workflow_state.task_states.filter(status=TaskState.STATUS_APPROVED)
        .exclude(finished_by=None)
        .order_by("-finished_at", "-pk")
        .first()
    )


def about_page(page):
    """What the e-mails say about a page, and their template."""
    return {
        "title": page.get_admin_display_title(),
        "edit_url": absolute(reverse("wagtailadmin_pages:edit", args=[page.pk])),
        "history_url": absolute(reverse("wagtailadmin_pages:history", args=[page.pk])),
        "live_url": absolute(page.get_url()) if page.live else "",
        "template": "editorial/email/{event}.txt",
    }


def about_snippet(obj):
    """What the e-mails say about a person or category: it has no page of its own, so the
    links go to its editor and history in the admin."""
    viewset = obj.snippet_viewset
    return {
        "title": get_latest_str(obj),
        "kind": obj._meta.verbose_name,
        "edit_url": absolute(reverse(viewset.get_url_name("edit"), args=[obj.pk])),
        "history_url": absolute(reverse(viewset.get_url_name("history"), args=[obj.pk])),
        "live_url": "",
        "template": "editorial/email/snippet_{event}.txt",
    }


def deliver(event, workflow_state_id, actor_id=None):
    """Send the e-mails for one workflow event; returns how many were sent."""
    workflow_state = WorkflowState.objects.select_related("requested_by", "workflow").get(
        pk=workflow_state_id
    )
    page = reviewed_object(workflow_state)
    if event == "approved" and not page.live:
        # Sent after the approval committed; a post that is not live now must not be
        # announced as "live at …" (a stale save could once unpublish it: editorial.editing).
        logger.error("Approved page %s is not live: no 'approved' e-mail sent", page.pk)
        return 0
    recipients = recipients_for(event, page, workflow_state, actor_id)
    if not recipients:
        return 0
    decided = decision(workflow_state, event) if event != "submitted" else None
    about = about_page(page) if isinstance(page, Page) else about_snippet(page)
    context = {
        **about,
        "page": page,
        "blog": owning_blog(page),
        "writer": display_name(workflow_state.requested_by),
        "reviewer": display_name(decided.finished_by) if decided else "",
        "comment": decided.comment if decided else "",
        "findings": [f for f in findings_for(workflow_state) if not f.overridden],
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    subject = settings.EMAIL_SUBJECT_PREFIX + EVENTS[event][0].format(title=context["title"])
    template = about["template"].format(event=event)
    messages = []
    for user in recipients:
        body = render_to_string(template, {**context, "recipient": display_name(user)})
        messages.append(EmailMessage(subject, body, to=[user.email]))
    with get_connection() as connection:
        sent = connection.send_messages(messages) or 0
    logger.info("Sent %s '%s' e-mails about %s %s", sent, event, type(page).__name__, page.pk)
    return sent


# Sign-off by people without accounts (editorial.signoff).


def send_sign_off_link(request_id):
    """E-mail the person asked for sign-off their personal link, made here: the token is
    in no queue, table or log, only in this e-mail. Returns how many were sent."""
    from .signoff import SignOffRequest

    request = SignOffRequest.objects.select_related("post", "created_by").get(pk=request_id)
    if request.status() != "open":
        return 0
    token = request.new_token()
    post = request.post
    context = {
        "request": request,
        "title": post.get_admin_display_title(),
        "blog": owning_blog(post),
        "asked_by": display_name(request.created_by),
        # The token after "#" never reaches a server: the page hands it over by POST.
        "url": absolute(reverse("sign_off_open")) + "#" + token,
        "code": token,
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    subject = settings.EMAIL_SUBJECT_PREFIX + f"Sign-off needed: {context['title']}"
    body = render_to_string("editorial/email/sign_off_request.txt", context)
    with get_connection() as connection:
        sent = connection.send_messages([EmailMessage(subject, body, to=[request.email])]) or 0
    logger.info("Sent sign-off request %s for page %s", request.pk, post.pk)
    return sent


def send_sign_off_decision(request_id):
    """Tell the writer and the blog's reviewers what the person decided."""
    from .signoff import SignOffRequest

    request = SignOffRequest.objects.select_related("post").get(pk=request_id)
    post = request.post
    workflow_state = post.current_workflow_state
    users = []
    if workflow_state is not None:
        users = [workflow_state.requested_by, *reviewers_of(post, workflow_state)]
    recipients = {user.pk: user for user in users if user and user.is_active and user.email}
    if not recipients:
        return 0
    context = {
        "request": request,
        "title": post.get_admin_display_title(),
        "blog": owning_blog(post),
        "sign_off_url": absolute(reverse("editorial_sign_off", args=[post.pk])),
        "history_url": absolute(reverse("wagtailadmin_pages:history", args=[post.pk])),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    verb = "approved" if request.decision == "approve" else "asked for changes to"
    subject = settings.EMAIL_SUBJECT_PREFIX + (f"{request.role_label} {verb}: {context['title']}")
    messages = [
        EmailMessage(
            subject,
            render_to_string(
                "editorial/email/sign_off_decision.txt",
                {**context, "recipient": display_name(user)},
            ),
            to=[user.email],
        )
        for user in recipients.values()
    ]
    with get_connection() as connection:
        sent = connection.send_messages(messages) or 0
    logger.info("Sent %s sign-off decision e-mails about page %s", sent, post.pk)
    return sent
