"""The network's one public address.

Every absolute URL that readers, search engines, feed readers and e-mail see (canonical
links, og:url and og:image, JSON-LD, feeds, the sitemap, robots.txt, security.txt, alert,
comment and workflow e-mails) is made here, from `BASE_URL` alone, never from the
request's Host: a request can name any allowed host (a proxy's, 127.0.0.1 or localhost),
and a search engine or an e-mail must be sent to one address. `load_demo` gives the
Wagtail Site the same host and port, so Wagtail's admin says the same.
"""

from urllib.parse import urljoin, urlsplit

from django.conf import settings


def public_url(url="/"):
    """`url` (a path such as a page's URL) as an absolute URL on BASE_URL; an address
    that is absolute already (media on a storage service) is left as it is."""
    return urljoin(settings.BASE_URL + "/", url)


def site_address():
    """(hostname, port) of BASE_URL, for the Wagtail Site."""
    parts = urlsplit(settings.BASE_URL)
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)
