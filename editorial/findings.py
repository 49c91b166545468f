"""Stored findings of a post's review, for the editor panel, review screen and e-mails."""

from wagtail.models import TaskState, WorkflowState

from .models import ContentChecksTask, ContentFinding


def latest_checks_state(workflow_state):
    """The most recent content checks task state of a workflow state, or None."""
    return (
        TaskState.objects.filter(
            workflow_state=workflow_state, task__in=ContentChecksTask.objects.values("pk")
        )
        .order_by("-started_at", "-pk")
        .first()
    )


def findings_for(workflow_state):
    state = latest_checks_state(workflow_state) if workflow_state else None
    if state is None:
        return ContentFinding.objects.none()
    return state.content_findings.select_related("overridden_by")


def overridden_findings(page):
    """Findings a reviewer overrode in the post's current review."""
    workflow_state = WorkflowState.objects.for_instance(page).active().first()
    return [finding for finding in findings_for(workflow_state) if finding.overridden]
