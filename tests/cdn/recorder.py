"""A frontend cache backend for tests: it records what it is asked to purge."""

from wagtail.contrib.frontend_cache.backends.base import BaseBackend

calls = []


class RecordingBackend(BaseBackend):
    def purge_batch(self, urls):
        calls.append(("urls", sorted(urls)))

    def purge(self, url):
        self.purge_batch([url])

    def purge_everything(self, hostnames):
        calls.append(("everything", sorted(hostnames)))
