"""The reader pages without the content cache (contentcache): as the first reader after a
change gets them, and every reader where there is no Redis."""

from benchmarks import pages

SETTINGS = {"BULLETIN_CONTENT_CACHE": False}


def cases():
    return [(f"{name} (uncached)", url) for name, url in pages.cases()]
