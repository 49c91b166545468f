"""What a search found, kept until the posts or the index change.

Ranking every match is the cost of a search (ts_rank over each matching post's vector), and
the same searches come again and again. The matches of a search (ids in rank order, each
post's blog, the category counts) are kept in the content cache (contentcache), so whatever
changes what readers see (a page published, unpublished, moved or deleted, a view
restriction) drops them, and under a token of the search index, which an index update
(by the worker, after the publish) replaces. Posts are fetched fresh for each page of
results and filtered by visibility again, so a cached entry can never show a post that has
since been hidden.
"""

from contentcache import content

INDEX_VERSION = "search:index-version"


def invalidate(**kwargs):
    content.replace_token(INDEX_VERSION)


def remember(parts, compute):
    """compute() once per version of the content and of the index, for the search
    described by `parts`."""
    return content.cached("search", content.token(INDEX_VERSION), parts, compute=compute)


def invalidate_after_indexing(sender, task_result, **kwargs):
    from wagtail.search.tasks import insert_or_update_object_task

    if task_result.task.module_path == insert_or_update_object_task.module_path:
        invalidate()


def connect():
    from django_tasks.signals import task_finished

    task_finished.connect(invalidate_after_indexing, dispatch_uid="search-indexed")
