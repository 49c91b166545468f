from django.apps import AppConfig
from django.core.signals import request_finished, request_started

# What Page.save_revision and locking write to the page's row.
DRAFT_ONLY_FIELDS = frozenset(
    {
        "wagtail_admin_comments",
        "latest_revision_created_at",
        "draft_title",
        "latest_revision",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
    }
)


class ContentCacheConfig(AppConfig):
    name = "contentcache"
    verbose_name = "Content cache"

    def ready(self):
        from wagtail.documents import get_document_model
        from wagtail.models import Page, PageViewRestriction, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from contentcache import content, warm

        request_started.connect(content.start_request, dispatch_uid="bulletin-contentcache")
        request_finished.connect(content.end_request, dispatch_uid="bulletin-contentcache")
        # Pages: every save (publishing saves the page), deletion and move; the Wagtail
        # signals too, as moves and unpublishing of a tree update rows without save().
        # Not the saves that only record a draft (editors' autosave, every few seconds)
        # or a lock: readers see neither.
        content.bump_on_change(Page, ignoring=DRAFT_ONLY_FIELDS)
        content.bump_on_change(Site, PageViewRestriction, get_document_model())
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(content.bump, dispatch_uid="bulletin-contentcache")
        # The parts every page shares, built by the worker after a change, not by a reader.
        content.changed.connect(warm.content_changed, dispatch_uid="bulletin-contentcache-warm")
        content.READ_WITH_VERSION.add(warm.ADDRESSES_KEY)
