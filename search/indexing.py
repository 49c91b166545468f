"""Posts index the names of their authors, their speakers' and panellists' names and roles,
and their categories' names. When a Person or a Category is published (or changed in
code), the posts that show it are reindexed, as background tasks like every other index
update. Saving a draft of one changes nothing posts show, so reindexes nothing."""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save

from wagtail.models import ReferenceIndex
from wagtail.search.tasks import insert_or_update_object_task

from contentcache.content import DRAFT_FIELDS
from posts.models import Category, Person, PostAuthor, PostPage


def reindex(post_ids):
    for pk in sorted(set(post_ids)):
        insert_or_update_object_task.enqueue("posts", "postpage", str(pk))


def unchanged_for_readers(created, raw, update_fields):
    """A new row (nothing shows it yet: a draft, or not chosen yet), a fixture, or a save
    of a draft revision or a lock (the row, which posts index, is as published)."""
    return created or raw or bool(update_fields and DRAFT_FIELDS.issuperset(update_fields))


def person_changed(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    if unchanged_for_readers(created, raw, update_fields):
        return
    wrote = PostAuthor.objects.filter(person=instance).values_list("post_id", flat=True)
    appeared = ReferenceIndex.get_references_to(instance).filter(
        content_type=ContentType.objects.get_for_model(PostPage)
    )
    reindex([*wrote, *(int(pk) for pk in appeared.values_list("object_id", flat=True))])


def category_changed(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    if unchanged_for_readers(created, raw, update_fields):
        return
    tagged = PostPage.categories.through.objects.filter(category=instance)
    reindex(tagged.values_list("postpage_id", flat=True))


def connect():
    post_save.connect(person_changed, sender=Person, dispatch_uid="search-person-changed")
    post_save.connect(category_changed, sender=Category, dispatch_uid="search-category-changed")
