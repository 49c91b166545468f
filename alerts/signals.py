"""A post's first publication queues its alert. A later edit, a republish or a post
scheduled for later (published only when its time comes) does not."""

import threading
from contextlib import contextmanager

from django.db import transaction

from wagtail.signals import page_published

from posts.models import PostPage

from . import tasks

_state = threading.local()


@contextmanager
def muted():
    """No alerts for what is published inside (demo content, imported archives)."""
    _state.muted = True
    try:
        yield
    finally:
        _state.muted = False


def queue_alert(sender, instance, **kwargs):
    if getattr(_state, "muted", False):
        return
    # Wagtail sets both timestamps to the same instant on a first publication only; a
    # post whose first publication was backdated (imported, demo) is not news.
    if (
        instance.first_published_at is None
        or instance.first_published_at != instance.last_published_at
    ):
        return

    transaction.on_commit(lambda: tasks.queue_alert(instance))


def connect():
    page_published.connect(queue_alert, sender=PostPage, dispatch_uid="alerts_queue_alert")
