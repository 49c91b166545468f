from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = "Editorial workflow"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.admin.panels import InlinePanel

        from posts.admin_views import PostPageViewSet
        from posts.models import BlogPage, PostPage

        from . import signals, snippet_review  # noqa: F401 (they register handlers and hooks)
        from .history import PostWorkflowProgressView
        from .panels import ContentChecksPanel
        from .workflow import replace_wagtail_notifications

        replace_wagtail_notifications()
        # Writers see the checks' findings at the top of the post editor. Added here so
        # that posts does not import editorial (editorial builds on posts, not the reverse).
        if not any(isinstance(panel, ContentChecksPanel) for panel in PostPage.content_panels):
            PostPage.content_panels = [ContentChecksPanel(), *PostPage.content_panels]
        # Each blog's review settings (editorial.blog_settings) in its Settings tab.
        if not any(
            getattr(p, "relation_name", "") == "review_settings" for p in BlogPage.settings_panels
        ):
            BlogPage.settings_panels = [
                *BlogPage.settings_panels,
                InlinePanel(
                    "review_settings", heading="Review of posts", label="settings", max_num=1
                ),
            ]
        # A post's workflow progress page also lists its sign-off decisions.
        PostPageViewSet.workflow_history_detail_view_class = PostWorkflowProgressView
