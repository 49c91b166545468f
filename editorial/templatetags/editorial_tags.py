from django import template

from ..findings import findings_for

register = template.Library()


@register.simple_tag
def review_findings(task_state):
    """The content-check findings of the review that `task_state` belongs to."""
    return list(findings_for(task_state.workflow_state)) if task_state else []
