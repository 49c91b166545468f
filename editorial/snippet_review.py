"""Admin hooks for people and categories under review (posts' are in wagtail_hooks).

Wagtail's snippet editor already refuses to publish for anyone without publish_person or
publish_category (a Publish sent anyway saves a draft), and starts the workflow on Submit.
Bulletin adds what it does for posts: the reviewers are e-mailed on submission, and an edit
made during the review sends the new version back through it."""

from wagtail import hooks

from .notifications import notify
from .workflow import REVIEWED_SNIPPETS, review_latest_revision

SUBMIT_ACTIONS = ("action-submit", "action-restart-workflow")


def reviewed(instance):
    return isinstance(instance, REVIEWED_SNIPPETS)


def notify_submission(request, instance):
    if request.method == "POST" and any(request.POST.get(name) for name in SUBMIT_ACTIONS):
        workflow_state = type(instance).objects.get(pk=instance.pk).current_workflow_state
        if workflow_state:
            notify("submitted", workflow_state, actor=request.user)


@hooks.register("after_create_snippet")
def snippet_created(request, instance):
    if reviewed(instance):
        notify_submission(request, instance)


@hooks.register("after_edit_snippet")
def snippet_edited(request, instance):
    if reviewed(instance):
        review_latest_revision(type(instance).objects.get(pk=instance.pk), user=request.user)
        notify_submission(request, instance)
