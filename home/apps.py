from django.apps import AppConfig
from django.core.signals import request_finished, request_started
from django.db.models.signals import post_delete, post_save


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Site shell"

    def ready(self):
        from wagtail.models import PageViewRestriction
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from contentcache import content
        from home import visibility
        from home.models import NetworkSettings

        content.bump_on_change(NetworkSettings)

        request_started.connect(visibility.start_request, dispatch_uid="bulletin-visibility")
        request_finished.connect(visibility.end_request, dispatch_uid="bulletin-visibility")
        # The hidden sections change with a restriction and with a page's state.
        for signal in (post_save, post_delete):
            signal.connect(
                visibility.forget_restrictions,
                sender=PageViewRestriction,
                dispatch_uid="bulletin-visibility",
            )
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(
                visibility.forget_restrictions,
                dispatch_uid="bulletin-visibility-pages",
            )
