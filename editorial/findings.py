"""Stored findings of a post's review, for the editor panel, review screen and e-mails, and
what the reviewers said when they asked for changes."""

from wagtail.models import TaskState, WorkflowState

from .models import ContentChecksTask, ContentFinding

# Where the editor shows the page fields that findings are about (Wagtail's ids for the
# FieldPanels of the "content" tab); findings about the whole post have no place to go.
FIELD_ANCHORS = {
    "summary": "panel-child-content-summary-section",
    "listing_image": "panel-child-content-listing_image-section",
}


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


def current_review(page):
    """The post's review in progress or waiting for changes, or None."""
    return WorkflowState.objects.for_instance(page).active().first()


def overridden_findings(workflow_state):
    """Findings a reviewer overrode in a review."""
    return [finding for finding in findings_for(workflow_state) if finding.overridden]


def latest_change_request(workflow_state):
    """The last "Request changes" of a review (a rejected task state, with who, when and
    the comment), or None."""
    if workflow_state is None:
        return None
    return (
        workflow_state.task_states.filter(status=TaskState.STATUS_REJECTED)
        .select_related("finished_by")
        .order_by("-finished_at", "-pk")
        .first()
    )


def anchor_for(finding):
    """The id of the element in the post editor that a finding is about, or "".

    Wagtail 8 renders each block of a StreamField as `section#block-<id>-section`."""
    if finding.block_id:
        return f"block-{finding.block_id}-section"
    return FIELD_ANCHORS.get(finding.block_type, "")
