"""What a search found, kept until the posts or the index change.

Ranking every match is the cost of a search (ts_rank over each matching post's vector), and
the same searches come again and again. The matches of a search (ids in rank order, each
post's blog, the category counts) are cached under a generation that any change to what
readers can find replaces: an index update (by the worker or in the request), a deleted
page, a page published, unpublished or moved, a view restriction added or removed. Posts
are fetched fresh for each page of results and filtered by visibility again, so a cached
entry can never show a post that has since been hidden.
"""

import hashlib
import uuid

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

TIMEOUT = 10 * 60
GENERATION = "search:generation"


def generation():
    value = cache.get(GENERATION)
    if value is None:
        cache.add(GENERATION, uuid.uuid4().hex, timeout=None)
        value = cache.get(GENERATION)
    return value


def invalidate(**kwargs):
    cache.set(GENERATION, uuid.uuid4().hex, timeout=None)


def remember(parts, compute):
    """compute() once per generation for the search described by `parts`."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    key = f"search:{generation()}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


def invalidate_after_indexing(sender, task_result, **kwargs):
    from wagtail.search.tasks import insert_or_update_object_task

    if task_result.task.module_path == insert_or_update_object_task.module_path:
        invalidate()


def invalidate_after_page_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        invalidate()


def connect():
    from django_tasks.signals import task_finished

    task_finished.connect(invalidate_after_indexing, dispatch_uid="search-indexed")
    post_delete.connect(invalidate_after_page_delete, dispatch_uid="search-page-deleted")
    page_published.connect(invalidate, dispatch_uid="search-page-published")
    page_unpublished.connect(invalidate, dispatch_uid="search-page-unpublished")
    post_page_move.connect(invalidate, dispatch_uid="search-page-moved")
    post_save.connect(invalidate, sender=PageViewRestriction, dispatch_uid="search-restricted")
    post_delete.connect(invalidate, sender=PageViewRestriction, dispatch_uid="search-unrestricted")
