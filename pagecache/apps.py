from django.apps import AppConfig
from django.core.signals import request_finished, request_started


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from wagtail.documents import get_document_model
        from wagtail.models import Page, PageViewRestriction, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from pagecache import content

        request_started.connect(content.start_request, dispatch_uid="bulletin-pagecache")
        request_finished.connect(content.end_request, dispatch_uid="bulletin-pagecache")
        # Pages: every save (publishing saves the page), deletion and move; the Wagtail
        # signals too, as moves and unpublishing of a tree update rows without save().
        content.bump_on_change(Page, Site, PageViewRestriction, get_document_model())
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(content.bump, dispatch_uid="bulletin-pagecache")
