"""How a post is reviewed, top to bottom (README, "How a post is reviewed").

1. Submit. Every blog (so every post in it), and people and categories, are on the
   `Blog post review` workflow: get_review_workflow, assign_review_workflow. A writer's
   Submit, or Resubmit after changes were requested, starts or resumes it.
2. Check. Its first task, ContentChecksTask (models.py), runs editorial.checks on the
   submitted revision: with findings the post waits until the writer fixes them or a
   reviewer overrides them. Every later save is checked again, or sends a post already past
   the checks back to them: review_latest_revision, called by the admin hooks.
3. Approve. BlogReviewTask (models.py): the blog's reviewers approve or request changes.
   Content changed since the checks goes back through them first (revisions.py), and on
   blogs that ask for two people nobody approves their own work (permissions.py).
4. Publish. The last approval ends the workflow and Wagtail publishes the approved
   revision; editing.py keeps a stale form or an autosave from undoing it.
5. E-mail. Wagtail's workflow signals queue the e-mails once the transaction commits
   (submitted, approved, rejected below): "waiting for your review" to the blog's
   reviewers, "approved and published" (only if the post is live) and "changes requested"
   to the writer. The background worker sends them: tasks.py, notifications.py.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.dispatch import receiver

from wagtail.models import (
    TaskState,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)
from wagtail.signals import (
    task_submitted,
    workflow_approved,
    workflow_rejected,
    workflow_submitted,
)

from posts.models import Category, Person

from .models import BlogReviewTask, ContentChecksTask
from .revisions import content_changed_since, restart_review
from .tasks import send_workflow_email

REVIEW_WORKFLOW_NAME = "Blog post review"
CHECKS_TASK_NAME = "Content checks"
REVIEW_TASK_NAME = "Approval by the blog's reviewers"
# Snippets shown on live posts, reviewed like them (editorial migration 0003).
REVIEWED_SNIPPETS = (Person, Category)


# 1. Submit: what a post is submitted to.


def get_review_workflow():
    """The `Blog post review` workflow, made (with its two tasks, and people and categories
    on it) if it is missing."""
    workflow = Workflow.objects.filter(name=REVIEW_WORKFLOW_NAME).first()
    if workflow:
        return workflow
    with transaction.atomic():
        workflow = Workflow.objects.create(name=REVIEW_WORKFLOW_NAME, active=True)
        checks = ContentChecksTask.objects.create(name=CHECKS_TASK_NAME)
        review = BlogReviewTask.objects.create(name=REVIEW_TASK_NAME)
        WorkflowTask.objects.create(workflow=workflow, task=checks, sort_order=0)
        WorkflowTask.objects.create(workflow=workflow, task=review, sort_order=1)
        assign_snippet_workflow(workflow)
    return workflow


def assign_snippet_workflow(workflow=None):
    """Put people and categories on the review workflow, unless an administrator has given
    them another one."""
    workflow = workflow or get_review_workflow()
    for model in REVIEWED_SNIPPETS:
        WorkflowContentType.objects.get_or_create(
            content_type=ContentType.objects.get_for_model(model), defaults={"workflow": workflow}
        )
    return workflow


def review_tasks(workflow):
    return [task for task in workflow.tasks.specific() if isinstance(task, BlogReviewTask)]


def assign_review_workflow(blog, reviewers=None):
    """Put `blog` (and so its posts) on the review workflow; its reviewers approve. People
    and categories are on it too (Wagtail assigns snippet workflows per model)."""
    workflow = get_review_workflow()
    WorkflowPage.objects.update_or_create(page=blog, defaults={"workflow": workflow})
    assign_snippet_workflow(workflow)
    if reviewers is not None:
        for task in review_tasks(workflow):
            task.groups.add(reviewers)
    return workflow


# 2. Check: every save of a post under review.


def review_latest_revision(page, user=None):
    """Called after every edit: a post under review is checked again, or goes back to the
    start of the review, whenever its content changes."""
    workflow_state = page.current_workflow_state
    if not workflow_state or workflow_state.status != WorkflowState.STATUS_IN_PROGRESS:
        return
    task_state = workflow_state.current_task_state
    if task_state is None or task_state.status != TaskState.STATUS_IN_PROGRESS:
        return
    if not content_changed_since(task_state, page):
        return
    task = task_state.task.specific
    if isinstance(task, ContentChecksTask):
        task.recheck(task_state.specific, page.get_latest_revision(), user=user)
    else:
        restart_review(task_state, user=user)


# 3. Approve and 4. Publish: the tasks' on_action (models.py), then Wagtail.

# 5. E-mail.


def notify(event, workflow_state, actor=None):
    """Queue an e-mail about `workflow_state` once the current transaction commits."""
    state_id, actor_id = workflow_state.pk, getattr(actor, "pk", None)
    transaction.on_commit(lambda: send_workflow_email.enqueue(event, state_id, actor_id))


@receiver(task_submitted, sender=TaskState, dispatch_uid="editorial_submitted_email")
def submitted(sender, instance, user=None, **kwargs):
    # The first task of a review starts before the review has a current task: on a submit
    # (Workflow.start) and on a resubmit after changes were requested (WorkflowState.resume,
    # which sends no workflow_submitted). Later tasks, and the restart after an edit during
    # the review, are not submissions.
    workflow_state = instance.workflow_state
    if workflow_state.current_task_state_id is None:
        notify("submitted", workflow_state, actor=user)


@receiver(workflow_approved, sender=WorkflowState, dispatch_uid="editorial_approved_email")
def approved(sender, instance, user=None, **kwargs):
    notify("approved", instance, actor=user)


@receiver(workflow_rejected, sender=WorkflowState, dispatch_uid="editorial_rejected_email")
def rejected(sender, instance, user=None, **kwargs):
    notify("rejected", instance, actor=user)


def replace_wagtail_notifications():
    """Wagtail sends its workflow e-mails inside the request; Bulletin sends its own from
    the background worker (above), so Wagtail's are disconnected. Wagtail connects them in
    its AppConfig.ready(): editorial comes after wagtail.admin in INSTALLED_APPS so that
    this runs later."""
    for signal, sender, uid in [
        (task_submitted, TaskState, "group_approval_task_submitted_email_notification"),
        (workflow_submitted, WorkflowState, "workflow_state_submitted_email_notification"),
        (workflow_rejected, WorkflowState, "workflow_state_rejected_email_notification"),
        (workflow_approved, WorkflowState, "workflow_state_approved_email_notification"),
    ]:
        signal.disconnect(sender=sender, dispatch_uid=uid)
