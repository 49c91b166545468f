"""Frontend cache purging (README, "CDN and purging"), from the environment.

FRONTEND_CACHE_PURGE_URL   a Varnish (or other HTTP cache) taking PURGE and BAN, for
                           example http://127.0.0.1:6081 (a direct address, not via a proxy)
CLOUDFLARE_ZONEID          with CLOUDFLARE_BEARER_TOKEN (an API token allowed to purge)
CLOUDFRONT_DISTRIBUTION_ID credentials from the usual AWS variables or the instance role
FRONTEND_CACHE_HOSTNAMES   optional, comma-separated: purge only these hosts

Any number may be set; none set means no backend and nothing is purged.
"""

from django.core.exceptions import ImproperlyConfigured


def frontend_cache_backends(env):
    backends = {}
    if env.get("FRONTEND_CACHE_PURGE_URL"):
        backends["http"] = {
            "BACKEND": "cdn.backends.HTTPBackend",
            "LOCATION": env["FRONTEND_CACHE_PURGE_URL"],
        }
    if env.get("CLOUDFLARE_ZONEID"):
        if not env.get("CLOUDFLARE_BEARER_TOKEN"):
            raise ImproperlyConfigured("CLOUDFLARE_ZONEID needs CLOUDFLARE_BEARER_TOKEN.")
        backends["cloudflare"] = {
            "BACKEND": "cdn.backends.CloudflareBackend",
            "ZONEID": env["CLOUDFLARE_ZONEID"],
            "BEARER_TOKEN": env["CLOUDFLARE_BEARER_TOKEN"],
        }
    if env.get("CLOUDFRONT_DISTRIBUTION_ID"):
        backends["cloudfront"] = {
            "BACKEND": "cdn.backends.CloudfrontBackend",
            "DISTRIBUTION_ID": env["CLOUDFRONT_DISTRIBUTION_ID"],
        }
    hostnames = [
        h.strip() for h in env.get("FRONTEND_CACHE_HOSTNAMES", "").split(",") if h.strip()
    ]
    if hostnames:
        for backend in backends.values():
            backend["HOSTNAMES"] = hostnames
    return backends
