"""People and categories that existed before review was added were already on live posts:
they stay live, each with a first revision (the version readers see) so that history,
comparisons and the first draft edit start from it."""

from django.db import migrations
from django.utils import timezone

from modelcluster.models import get_serializable_data_for_fields


def publish_existing(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    now = timezone.now()
    for name in ("Person", "Category"):
        model = apps.get_model("posts", name)
        content_type, _ = ContentType.objects.get_or_create(app_label="posts", model=name.lower())
        for instance in model.objects.filter(latest_revision__isnull=True).iterator():
            instance.live = True
            instance.has_unpublished_changes = False
            instance.first_published_at = instance.first_published_at or now
            instance.last_published_at = instance.last_published_at or now
            revision = Revision.objects.create(
                content_type=content_type,
                base_content_type=content_type,
                object_id=str(instance.pk),
                created_at=now,
                object_str=instance.name,
                content=get_serializable_data_for_fields(instance),
            )
            instance.latest_revision = instance.live_revision = revision
            instance.save(
                update_fields=[
                    "live",
                    "has_unpublished_changes",
                    "first_published_at",
                    "last_published_at",
                    "latest_revision",
                    "live_revision",
                ]
            )


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0005_snippet_review_and_category_blog"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(publish_existing, migrations.RunPython.noop)]
