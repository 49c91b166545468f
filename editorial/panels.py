"""The content checks, shown to writers in the post editor as they work."""

from wagtail.admin.panels import Panel

from . import checks
from .findings import overridden_findings
from .permissions import blog_for


class ContentChecksPanel(Panel):
    """What the checks find in the post as it stands, so writers can fix it before a
    reviewer sees it; and any override a reviewer recorded in the current review."""

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
            blog = blog_for(page)
            threshold = blog.reading_age_threshold if blog else None
            context["findings"] = checks.run_checks(page, threshold)
            context["overrides"] = overridden_findings(page)
            return context
