"""Find the request's Wagtail site, with its home page, in the content cache."""

from django.urls import reverse

from wagtail.models import Site

from contentcache import content, serving, warm
from contentcache.pages import with_live_children

# The health probes answer without a site: /healthz/ must not need the database (it would
# fail while PostgreSQL is down and the site is not in the cache), /readyz/ checks it itself.
PROBES = ("healthz", "readyz")


class SiteMiddleware:
    """Wagtail looks the site up for every request (`Site.find_for_request`, which keeps
    it on the request as `_wagtail_site`), then fetches its root page to route from.
    Both come from the cache here, the root page already as its specific type, with its
    live children (contentcache.pages).

    After CommonMiddleware, which refuses hosts outside ALLOWED_HOSTS: only allowed hosts
    become keys."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.probes = None

    def __call__(self, request):
        if self.probes is None:
            self.probes = {reverse(name) for name in PROBES}
        if request.path_info in self.probes:
            return self.get_response(request)
        if serving.kept_whole(request):
            content.prefetch(request)
            # A page kept whole needs no site: the page view serves it without routing.
            request.bulletin_kept = serving.kept_entry(request)
            if request.bulletin_kept is not None:
                return self.respond(request)
        if content.usable(request):
            # A tuple, so that "no site for this host" is cached too.
            (request._wagtail_site,) = content.cached(
                "site", request.get_port(), request=request, compute=lambda: built_site(request)
            )
        return self.respond(request)

    def respond(self, request):
        response = self.get_response(request)
        if response.status_code != 200:
            content.drop_bundle()
        return response


def built_site(request):
    # Built by a reader: the worker builds it after the next change (contentcache.warm).
    warm.note(request)
    return (find_site(request),)


def find_site(request):
    site = Site._find_for_request(request)
    if site is not None:
        # The root page as its specific type with its live children (routing's first
        # step), in one query, cached with the site.
        site.root_page = with_live_children(site.root_page)
    return site
