"""The sitemap: Wagtail's, without the pages readers cannot reach."""

from wagtail.contrib.sitemaps import Sitemap

from home.visibility import exclude_hidden


class ReadersSitemap(Sitemap):
    def items(self):
        # Wagtail's leaves in the pages under an unpublished page (a blog's posts).
        return exclude_hidden(super().items())
