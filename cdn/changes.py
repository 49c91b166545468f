"""What a change means for the frontend cache, noted during the request and queued for
the worker when the transaction commits.

A published post (publish, unpublish, a comment shown or hidden) is purged with the
pages that list it. Anything else readers see on many pages (another page type, a
move, a setting, a person, a category, an image, a site, a view restriction, an editors'
pick) purges everything: such changes are rare, and finding every page they touch is not
worth the risk of missing one. What was never public (a new draft page, a new image or
person not yet used) purges nothing; a new view restriction or editors' pick is public at
once.
"""

import threading

from django.conf import settings
from django.db import transaction

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page, PageViewRestriction

# New objects of these types change what readers see at once.
SHOWN_WHEN_CREATED = (PageViewRestriction, SearchPromotion)

_pending = threading.local()


def configured():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def content_changed(sender, instance=None, moved_from=None, created=False, **kwargs):
    """Receiver of contentcache.content.changed."""
    from comments.models import ReaderComment

    if not configured() or isinstance(instance, ReaderComment):
        return  # a comment purges its post alone (comment_changed)
    if isinstance(instance, Page):
        page_changed(instance, moved=moved_from is not None)
    elif instance is None or not created or isinstance(instance, SHOWN_WHEN_CREATED):
        # A new object (an image just uploaded) is on no page yet; a new restriction
        # hides pages that were public, a new pick is on its search's pages.
        note(everything=True)


def page_changed(page, moved=False):
    from posts.models import PostPage

    if not page.live and page.first_published_at is None:
        return  # never published: no cache has it
    if isinstance(page, PostPage) and not moved:
        # Published, unpublished or deleted: the worker finds which (a deleted post's
        # archives cannot be known any more, so it purges everything then).
        note(post=page.pk)
    else:
        note(everything=True)


def slug_changed(sender, instance, instance_before, **kwargs):
    """Receiver of Wagtail's page_slug_changed (sent once the change is committed): the
    old address of a post, which Wagtail now redirects, must not keep its old page."""
    from posts.models import PostPage

    if not configured() or not instance_before.live:
        return
    if isinstance(instance_before, PostPage):
        note(post=instance.pk, url=instance_before.get_full_url())
    else:
        note(everything=True)  # every page under it has moved


def comment_changed(sender, instance, created=False, update_fields=None, **kwargs):
    """A comment published, changed, hidden or deleted changes its post's page; a new
    comment waiting for moderation changes nothing readers see."""
    if not configured():
        return
    if created and instance.status != instance.Status.APPROVED:
        return
    if update_fields and not {"status", "name", "body", "parent"} & set(update_fields):
        return
    note(post=instance.post_id)


def note(everything=False, post=None, url=None):
    """Add to this thread's batch; it is queued once the transaction commits (at once
    outside a transaction). A batch left by a rolled-back transaction goes with the
    next one: purging a page that did not change costs nothing but a miss."""
    batch = getattr(_pending, "batch", None)
    if batch is None:
        batch = _pending.batch = {"everything": False, "posts": set(), "urls": set()}
    batch["everything"] |= everything
    if post is not None:
        batch["posts"].add(post)
    if url:
        batch["urls"].add(url)
    transaction.on_commit(_queue, robust=True)


def _queue():
    batch = getattr(_pending, "batch", None)
    _pending.batch = None
    if batch is None:  # queued already, by an earlier commit hook of the same batch
        return
    from .tasks import purge

    if batch["everything"]:
        purge.enqueue(everything=True)
    else:
        purge.enqueue(posts=sorted(batch["posts"]), urls=sorted(batch["urls"]))
