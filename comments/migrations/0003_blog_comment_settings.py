"""Each blog's comment settings move from posts.BlogPage to a row of their own, values kept
(posts 0008 removes the old fields after this has run)."""

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models

# BlogPage's old field: the new row's field.
FIELDS = {
    "comments_open": "comments_open",
    "comments_close_after_days": "comments_close_after_days",
    "two_person_review": "comments_need_two_moderators",
}


def copy_to_rows(apps, schema_editor):
    BlogPage = apps.get_model("posts", "BlogPage")
    Settings = apps.get_model("comments", "BlogCommentSettings")
    Settings.objects.bulk_create(
        Settings(blog_id=blog["pk"], **{new: blog[old] for old, new in FIELDS.items()})
        for blog in BlogPage.objects.values("pk", *FIELDS)
    )


def copy_back(apps, schema_editor):
    BlogPage = apps.get_model("posts", "BlogPage")
    Settings = apps.get_model("comments", "BlogCommentSettings")
    for row in Settings.objects.all():
        BlogPage.objects.filter(pk=row.blog_id).update(
            **{old: getattr(row, new) for old, new in FIELDS.items()}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0002_moderation_permission"),
        ("posts", "0007_body_labels_and_help"),
    ]

    operations = [
        migrations.CreateModel(
            name="BlogCommentSettings",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "comments_open",
                    models.BooleanField(
                        default=True,
                        help_text="New posts on this blog accept comments unless switched off.",
                    ),
                ),
                (
                    "comments_close_after_days",
                    models.PositiveIntegerField(
                        blank=True,
                        default=90,
                        help_text="Close comments this many days after publication. Blank: never close.",
                        null=True,
                    ),
                ),
                (
                    "comments_need_two_moderators",
                    models.BooleanField(
                        default=False,
                        help_text="Comments need two moderators' approval before they show.",
                    ),
                ),
                (
                    "blog",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="comment_settings",
                        to="posts.blogpage",
                    ),
                ),
            ],
            options={
                "verbose_name": "comment settings",
                "verbose_name_plural": "comment settings",
                "constraints": [
                    models.UniqueConstraint(fields=("blog",), name="one_comment_settings_per_blog")
                ],
            },
        ),
        migrations.RunPython(copy_to_rows, copy_back),
    ]
