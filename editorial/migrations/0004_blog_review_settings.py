"""Each blog's review settings move from posts.BlogPage to a row of their own, values kept
(posts 0008 removes the old fields after this has run)."""

import django.core.validators
import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models

# BlogPage's old field: the new row's field.
FIELDS = {
    "require_second_reviewer": "require_second_reviewer",
    "reading_age_threshold": "reading_age_threshold",
}


def copy_to_rows(apps, schema_editor):
    BlogPage = apps.get_model("posts", "BlogPage")
    Settings = apps.get_model("editorial", "BlogReviewSettings")
    Settings.objects.bulk_create(
        Settings(blog_id=blog["pk"], **{new: blog[old] for old, new in FIELDS.items()})
        for blog in BlogPage.objects.values("pk", *FIELDS)
    )


def copy_back(apps, schema_editor):
    BlogPage = apps.get_model("posts", "BlogPage")
    Settings = apps.get_model("editorial", "BlogReviewSettings")
    for row in Settings.objects.all():
        BlogPage.objects.filter(pk=row.blog_id).update(
            **{old: getattr(row, new) for old, new in FIELDS.items()}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0003_snippet_review"),
        ("posts", "0007_body_labels_and_help"),
    ]

    operations = [
        migrations.CreateModel(
            name="BlogReviewSettings",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "require_second_reviewer",
                    models.BooleanField(
                        default=True,
                        help_text="Posts go live only when approved by a reviewer other than the person who submitted or last changed them.",
                        verbose_name="second reviewer required",
                    ),
                ),
                (
                    "reading_age_threshold",
                    models.PositiveSmallIntegerField(
                        default=17,
                        help_text="The content checks flag posts with a higher reading age. GOV.UK aims for 9 for everyone; blogs for specialists may allow more.",
                        validators=[
                            django.core.validators.MinValueValidator(9),
                            django.core.validators.MaxValueValidator(25),
                        ],
                    ),
                ),
                (
                    "blog",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="review_settings",
                        to="posts.blogpage",
                    ),
                ),
            ],
            options={
                "verbose_name": "review settings",
                "verbose_name_plural": "review settings",
                "constraints": [
                    models.UniqueConstraint(fields=("blog",), name="one_review_settings_per_blog")
                ],
            },
        ),
        migrations.RunPython(copy_to_rows, copy_back),
    ]
