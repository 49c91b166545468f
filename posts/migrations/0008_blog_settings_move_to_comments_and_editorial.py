"""The blog's comment and review settings now live in comments and editorial."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0007_body_labels_and_help"),
        # Their data migrations copy these fields into rows of their own first.
        ("comments", "0003_blog_comment_settings"),
        ("editorial", "0004_blog_review_settings"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="blogpage",
            name="comments_close_after_days",
        ),
        migrations.RemoveField(
            model_name="blogpage",
            name="comments_open",
        ),
        migrations.RemoveField(
            model_name="blogpage",
            name="reading_age_threshold",
        ),
        migrations.RemoveField(
            model_name="blogpage",
            name="require_second_reviewer",
        ),
        migrations.RemoveField(
            model_name="blogpage",
            name="two_person_review",
        ),
    ]
