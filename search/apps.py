from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Public search"

    def ready(self):
        from wagtail.contrib.search_promotions.models import SearchPromotion

        from contentcache import content

        from . import indexing, matches

        matches.connect()
        indexing.connect()
        # Editors' picks are on the search pages the page cache and CDNs keep.
        content.bump_on_change(SearchPromotion)
