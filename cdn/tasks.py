"""The purge, sent by the background worker (`manage.py db_worker`)."""

import logging

from django_tasks import task

from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task
from wagtail.contrib.frontend_cache.utils import get_backends

from . import affected

logger = logging.getLogger(__name__)


@task()
def purge(everything=False, posts=(), urls=()):
    """Purge what the posts `posts` appear on and the `urls` (old addresses), or
    everything the backends can."""
    backends = get_backends()
    if not backends:
        return {"urls": 0, "everything": False}
    found = None if everything else affected.post_urls(posts)
    if found is None:
        hosts = affected.hostnames()
        for name, backend in backends.items():
            logger.info("[%s] Purging everything on %s", name, ", ".join(hosts))
            backend.purge_everything([h for h in hosts if backend.invalidates_hostname(h)])
        return {"urls": 0, "everything": True}
    # Wagtail's own task, run here: it groups the URLs by host for each backend.
    found |= set(urls)
    purge_urls_from_cache_task.call(sorted(found))
    return {"urls": len(found), "everything": False}
