"""The search index and Wagtail's reference index ("Usage") of what an import wrote: not
updated for each save while importing (deferred), but once at the end, by one task for
the worker (index_import), a batch of objects at a time."""

import contextlib
import datetime
import itertools

from django_tasks import task

from django.db import transaction
from django.db.models.signals import post_save

from wagtail.models import ReferenceIndex
from wagtail.search import index
from wagtail.search.backends import get_search_backends
from wagtail.search.signal_handlers import post_save_signal_handler

from home.models import StandardPage
from images.models import BulletinImage
from posts.models import BlogPage, Category, Person, PostPage
from search import matches

from .context import Kind
from .models import ImportedObject

INDEXED = {
    Kind.POST: PostPage,
    Kind.PAGE: StandardPage,
    Kind.ATTACHMENT: BulletinImage,
    Kind.AUTHOR: Person,
    Kind.CATEGORY: Category,
}

# What indexing reads of each post, fetched for a batch at once rather than post by post
# (a third of the search index's time, and its queries).
PREFETCH = {
    PostPage: ("categories", "post_authors__person", "tagged_items", "wagtail_admin_comments"),
}


@task()
def index_import(blog_id, since):
    """Index what the import into the blog since `since` (ISO 8601) wrote."""
    blog = BlogPage.objects.filter(pk=blog_id).first()
    if blog is None:
        return
    reindex(blog, datetime.datetime.fromisoformat(since))
    with transaction.atomic():
        ReferenceIndex.create_or_update_for_object(blog)
    # Searches cached since the import's content change were answered from the old index.
    matches.invalidate()


@contextlib.contextmanager
def deferred():
    """No search index update for each save while importing: reindex() does it once."""
    models = [m for m in index.get_indexed_models() if getattr(m, "search_auto_update", True)]
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        yield
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)


def reindex(blog, since, batch=200):
    """Index what this run imported (search and references), a batch at a time."""
    backends = list(get_search_backends(with_auto_update=True))
    for kind, model in INDEXED.items():
        ids = (
            ImportedObject.objects.filter(blog=blog, kind=kind, imported_at__gte=since)
            .values_list("object_id", flat=True)
            .iterator()
        )
        related = PREFETCH.get(model, ())
        while chunk := list(itertools.islice(ids, batch)):
            objects = list(
                model.get_indexed_objects().filter(pk__in=chunk).prefetch_related(*related)
            )
            for backend in backends:
                backend.add_bulk(model, objects)
            if ReferenceIndex.is_indexed(model):
                # The same objects, and any that are not indexed for search.
                others = set(chunk) - {obj.pk for obj in objects}
                if others:
                    rest = model._default_manager.filter(pk__in=others).prefetch_related(*related)
                    objects.extend(rest)
                with transaction.atomic():
                    for obj in objects:
                        ReferenceIndex.create_or_update_for_object(obj)
