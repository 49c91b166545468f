"""posts 0008 removes the blog's comment and review settings only after comments 0003 and
editorial 0004 have copied every blog's values into rows of their own."""

import pytest

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("posts", "0007_body_labels_and_help"),
    ("comments", "0002_moderation_permission"),
    ("editorial", "0003_snippet_review"),
]
AFTER = [
    ("posts", "0008_blog_settings_move_to_comments_and_editorial"),
    ("comments", "0003_blog_comment_settings"),
    ("editorial", "0004_blog_review_settings"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def old_blog(apps, number, **settings):
    BlogPage = apps.get_model("posts", "BlogPage")
    Locale = apps.get_model("wagtailcore", "Locale")
    return BlogPage.objects.create(
        title=f"Blog {number}",
        draft_title=f"Blog {number}",
        slug=f"blog-{number}",
        path=f"00019{number:03}",
        depth=2,
        url_path=f"/blog-{number}/",
        content_type_id=ContentType.objects.get_for_model(apps.get_model("posts", "BlogPage")).pk,
        locale=Locale.objects.first(),
        **settings,
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_blog_keeps_its_settings():
    apps = migrate(BEFORE)
    changed = old_blog(
        apps,
        1,
        comments_open=False,
        comments_close_after_days=None,
        two_person_review=True,
        require_second_reviewer=False,
        reading_age_threshold=12,
    )
    defaults = old_blog(apps, 2)

    apps = migrate(AFTER)
    comments = apps.get_model("comments", "BlogCommentSettings").objects
    review = apps.get_model("editorial", "BlogReviewSettings").objects
    assert {
        row.blog_id: (
            row.comments_open,
            row.comments_close_after_days,
            row.comments_need_two_moderators,
        )
        for row in comments.filter(blog_id__in=[changed.pk, defaults.pk])
    } == {changed.pk: (False, None, True), defaults.pk: (True, 90, False)}
    assert {
        row.blog_id: (row.require_second_reviewer, row.reading_age_threshold)
        for row in review.filter(blog_id__in=[changed.pk, defaults.pk])
    } == {changed.pk: (False, 12), defaults.pk: (True, 17)}

    # And back: the fields return with the rows' values.
    apps = migrate(BEFORE)
    blog = apps.get_model("posts", "BlogPage").objects.get(pk=changed.pk)
    assert (blog.two_person_review, blog.reading_age_threshold) == (True, 12)
    # Every app back to its latest migration, for the tests that run after this one (to
    # AFTER only, posts 0009 onwards stayed unapplied: a later test found no related_links).
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
