"""Wagtail's workflow progress page for posts, with the sign-off decisions (editorial.signoff)
given while that review ran, so the whole clearance of a draft reads in one place."""

from wagtail.admin.views.pages.history import WorkflowHistoryDetailView
from wagtail.models import WorkflowState

from .signoff import SignOffRequest


def decisions_during(workflow_state):
    """Sign-off decisions on the post of `workflow_state` from the start of that review to
    the start of the next one."""
    decisions = SignOffRequest.objects.filter(
        post_id=workflow_state.object_id,
        decided_at__isnull=False,
        decided_at__gte=workflow_state.created_at,
    ).order_by("decided_at")
    following = (
        WorkflowState.objects.filter(
            base_content_type_id=workflow_state.base_content_type_id,
            object_id=workflow_state.object_id,
            created_at__gt=workflow_state.created_at,
        )
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if following:
        decisions = decisions.filter(decided_at__lt=following)
    return list(decisions)


class PostWorkflowProgressView(WorkflowHistoryDetailView):
    template_name = "editorial/workflow_progress.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sign_off_decisions"] = decisions_during(self.workflow_state)
        return context
