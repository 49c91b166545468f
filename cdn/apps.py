from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class CdnConfig(AppConfig):
    name = "cdn"
    verbose_name = "Frontend cache purging"

    def ready(self):
        from wagtail.signals import page_slug_changed

        from comments.models import ReaderComment
        from contentcache import content

        from . import changes

        content.changed.connect(changes.content_changed, dispatch_uid="bulletin-cdn")
        page_slug_changed.connect(changes.slug_changed, dispatch_uid="bulletin-cdn")
        # Comments are not in the content cache (they are read live), but a frontend cache
        # keeps the page that shows them.
        for signal in (post_save, post_delete):
            signal.connect(
                changes.comment_changed, sender=ReaderComment, dispatch_uid="bulletin-cdn"
            )
