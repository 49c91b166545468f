from django.conf import settings
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from editorial.editing import edit_page
from home import views as home_views
from home.sitemap import ReadersSitemap
from mediastore import views as media_views
from posts import views as posts_views
from posts.models.archives import FEED
from search import views as search_views
from security import views as security_views

ADMIN = settings.ADMIN_URL_PREFIX.lstrip("/")

# A database out of reach is a 503 with Retry-After, anything else the 500 page.
handler500 = "home.views.server_error"

urlpatterns = [
    # Wagtail's page editor, one edit of a page at a time (editorial.editing); before the
    # admin's own URLs so that it answers wagtailadmin_pages:edit's address.
    path(f"{ADMIN}pages/<int:page_id>/edit/", edit_page, name="bulletin_page_edit"),
    path(ADMIN, include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_views.suggest, name="search_suggest"),
    path("all-posts/", posts_views.all_posts, name="all_posts"),
    re_path(rf"^{FEED}", posts_views.network_feed, name="network_feed"),
    path("", include("comments.urls")),
    path("", include("editorial.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": ReadersSitemap}}, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path(".well-known/security.txt", security_views.security_txt, name="security_txt"),
    path("healthz/", home_views.healthz, name="healthz"),
    path("readyz/", home_views.readyz, name="readyz"),
]

urlpatterns += [
    # The renditions readers see, from the media storage (any node, any storage); nothing
    # else under /media/ is served (README, "Media storage").
    path(f"{settings.MEDIA_URL.lstrip('/')}images/<path:path>", media_views.serve, name="media"),
    # Alerts before Wagtail's pages: it answers <blog>/subscribe/ (else hands it to Wagtail).
    path("", include("alerts.urls")),
    # Wagtail's URLs (its password and sign-in forms first), its page view replaced by
    # home.views.serve_page (kept pages without routing, reading outside ATOMIC_REQUESTS'
    # transaction) under the same pattern and name, so that Wagtail's reverse() is as before.
    *(url for url in wagtail_urls.urlpatterns if url.name != "wagtail_serve"),
    re_path(wagtail_urls.serve_pattern, home_views.serve_page, name="wagtail_serve"),
]
