from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Reader comments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.admin.panels import InlinePanel

        from contentcache.pages import bring
        from posts.models import BlogPage, PostPage

        from . import signals
        from .forms import new_posts_follow_their_blog
        from .models import BROUGHT_FIELDS, BROUGHT_PREFIX

        signals.connect()
        # A blog's comment settings come with the blog when it is routed (one row at most
        # per blog), so a post's first render after a change needs no query for them.
        bring(
            BlogPage,
            **{f"{BROUGHT_PREFIX}{name}": f"comment_settings__{name}" for name in BROUGHT_FIELDS},
        )
        # A new post's "comments open" starts as its blog's setting. Set here so that
        # posts does not import comments (comments builds on posts, not the reverse).
        PostPage.base_form_class = new_posts_follow_their_blog(PostPage.base_form_class)
        # Each blog's comment settings (comments.models.BlogCommentSettings) in its Settings
        # tab, beside editorial's review settings.
        if not any(
            getattr(p, "relation_name", "") == "comment_settings" for p in BlogPage.settings_panels
        ):
            BlogPage.settings_panels = [
                *BlogPage.settings_panels,
                InlinePanel("comment_settings", heading="Comments", label="settings", max_num=1),
            ]
