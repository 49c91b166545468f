"""Wagtail's frontend cache backends, each able to purge everything on given hosts:
what a change seen on every page (a setting, a site, a moved blog) needs."""

import logging
from urllib.error import URLError
from urllib.request import Request, urlopen

import requests

from wagtail import __version__
from wagtail.contrib.frontend_cache.backends import cloudflare, cloudfront, http

logger = logging.getLogger("wagtail.frontendcache")


class BanRequest(Request):
    def get_method(self):
        return "BAN"


class HTTPBackend(http.HTTPBackend):
    """Varnish (deploy/varnish/bulletin.vcl) or another cache taking PURGE for a URL and
    BAN for a whole host."""

    def purge_everything(self, hostnames):
        for host in hostnames:
            request = BanRequest(
                url=f"{self.cache_scheme}://{self.cache_netloc}/",
                headers={"Host": host, "User-Agent": f"Wagtail-frontendcache/{__version__}"},
            )
            try:
                urlopen(request, timeout=30).close()  # noqa: S310 - the configured LOCATION
            except URLError as error:  # HTTPError too: logged, as Wagtail's PURGE does
                logger.error("Couldn't ban %s from the HTTP cache: %s", host, error)


class CloudflareBackend(cloudflare.CloudflareBackend):
    def purge_everything(self, hostnames):
        if self.cloudflare_token:
            headers = {"Authorization": f"Bearer {self.cloudflare_token}"}
        else:
            headers = {
                "X-Auth-Email": self.cloudflare_email,
                "X-Auth-Key": self.cloudflare_api_key,
            }
        try:
            response = requests.post(
                self.cloudflare_purge_endpoint_url,
                json={"purge_everything": True},
                headers=headers,
                timeout=30,
            )
            response.raise_for_status()
        except requests.RequestException as error:
            logger.error("Couldn't purge everything from Cloudflare: %s", error)


class CloudfrontBackend(cloudfront.CloudfrontBackend):
    def purge_everything(self, hostnames):
        # One wildcard path counts as one invalidation path whatever it covers.
        self._create_invalidation(self.cloudfront_distribution_id, ["/*"])
