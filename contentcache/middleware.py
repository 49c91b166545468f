"""Find the request's Wagtail site, with its home page, in the content cache."""

from django.urls import reverse

from wagtail.models import Site

from contentcache import content

# The health probes answer without a site: /healthz/ must not need the database (it would
# fail while PostgreSQL is down and the site is not in the cache), /readyz/ checks it itself.
PROBES = ("healthz", "readyz")


class SiteMiddleware:
    """Wagtail looks the site up for every request (`Site.find_for_request`, which keeps
    it on the request as `_wagtail_site`), then fetches its root page to route from.
    Both come from the cache here, the root page already as its specific type.

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
        if content.usable(request):
            # A tuple, so that "no site for this host" is cached too.
            (request._wagtail_site,) = content.cached(
                "site", request.get_port(), request=request, compute=lambda: (find_site(request),)
            )
        return self.get_response(request)


def find_site(request):
    site = Site._find_for_request(request)
    if site is not None:
        site.root_page.specific  # noqa: B018 - fetched now, to be cached with the site
    return site
