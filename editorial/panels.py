"""The content checks, shown to writers in the post editor as they work."""

from wagtail.admin.panels import Panel
from wagtail.models import WorkflowState

from . import checks
from .findings import anchor_for, current_review, latest_change_request, overridden_findings
from .permissions import owning_blog


class ContentChecksPanel(Panel):
    """What the checks find in the post as it stands, each linked to the block it is about,
    so writers can fix it before a reviewer sees it; above them, the reviewer's request for
    changes in the current review, and any override a reviewer recorded."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", "Content checks")
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "editorial/panels/content_checks.html"

        def is_shown(self):
            # A new post has nothing to check yet; its first save shows the panel.
            return bool(self.instance and self.instance.pk)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            blog = owning_blog(page)
            threshold = blog.reading_age_threshold if blog else None
            context["findings"] = [
                {"finding": finding, "anchor": anchor_for(finding)}
                for finding in checks.run_checks(page, threshold)
            ]
            review = current_review(page)
            context["overrides"] = overridden_findings(review)
            context["change_request"] = latest_change_request(review)
            context["needs_changes"] = bool(
                review and review.status == WorkflowState.STATUS_NEEDS_CHANGES
            )
            return context
