"""Keeping a review honest when the post changes under it, and the review workflow itself."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from wagtail.log_actions import log
from wagtail.models import (
    TaskState,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from posts.models import Category, Person

from .models import BlogReviewTask, ContentChecksTask, reviewed_object
from .revisions import post_content

REVIEW_WORKFLOW_NAME = "Blog post review"
CHECKS_TASK_NAME = "Content checks"
REVIEW_TASK_NAME = "Approval by the blog's reviewers"
# Snippets shown on live posts, reviewed like them (editorial migration 0003).
REVIEWED_SNIPPETS = (Person, Category)


def content_changed_since(task_state, page):
    """Whether the post now differs from the revision under review: a newer revision with
    other content, or that revision overwritten (autosave) after the review began."""
    latest = page.get_latest_revision()
    if latest is None:
        return False
    if latest.pk == task_state.revision_id:
        return latest.created_at > task_state.started_at
    # Approving in the editor saves the form again; an unchanged post is not a change.
    return post_content(latest) != post_content(task_state.revision)


def carry_review_to_latest(task_state, page):
    """Move a review onto a newer revision with the same content (the editor saves one when
    a reviewer approves there), so that Wagtail does not ask for the approvals again."""
    latest = page.get_latest_revision()
    if latest.pk != task_state.revision_id:
        task_state.workflow_state.copy_approved_task_states_to_revision(latest)
        task_state.revision = latest
        task_state.save(update_fields=["revision"])


@transaction.atomic
def restart_review(task_state, user=None):
    """Send the post back to the start of the workflow: the current step is cancelled and
    the checks run again on the latest revision before anyone can approve it."""
    page = reviewed_object(task_state.workflow_state)
    log(
        page,
        "editorial.workflow.restart",
        user=user,
        data={"task": {"id": task_state.task_id, "title": task_state.task.name}},
        revision=page.get_latest_revision(),
    )
    # Cancelling moves the workflow on to the first step that has not passed on the
    # latest revision; BlogReviewTask.start sends it through the checks first.
    task_state.specific.cancel(user=user)


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
