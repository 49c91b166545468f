"""Each blog's comment and review settings are rows of the comments and editorial apps,
edited in the blog's Settings tab and applied only when the blog is published."""

from bs4 import BeautifulSoup

from comments.models import BlogCommentSettings
from editorial.blog_settings import review_settings_for
from editorial.models import BlogReviewSettings
from tests.editorial.base import EditorialTestCase


class BlogSettingsTests(EditorialTestCase):
    def test_the_blog_editor_shows_both_apps_settings(self):
        self.login(self.reviewer)
        page = BeautifulSoup(self.client.get(self.edit_url(self.blog)).content, "html.parser")
        names = {field.get("name") for field in page.select("input")}
        self.assertLessEqual(
            {
                "comment_settings-0-comments_open",
                "comment_settings-0-comments_close_after_days",
                "comment_settings-0-comments_need_two_moderators",
                "review_settings-0-require_second_reviewer",
                "review_settings-0-reading_age_threshold",
            },
            names,
        )

    def test_a_draft_changes_nothing_until_the_blog_is_published(self):
        settings = self.blog.review_settings.get()
        settings.require_second_reviewer = False
        self.blog.review_settings = [settings]
        revision = self.blog.save_revision()
        self.assertTrue(BlogReviewSettings.objects.get(blog=self.blog).require_second_reviewer)
        revision.publish()
        self.assertFalse(BlogReviewSettings.objects.get(blog=self.blog).require_second_reviewer)

    def test_a_blog_without_rows_has_the_defaults(self):
        BlogReviewSettings.objects.filter(blog=self.blog).delete()
        BlogCommentSettings.objects.filter(blog=self.blog).delete()
        post = self.create_post(self.writer)
        settings = review_settings_for(post)
        self.assertEqual(
            (settings.require_second_reviewer, settings.reading_age_threshold), (True, 17)
        )
        comments = BlogCommentSettings.for_blog(self.blog)
        self.assertEqual(
            (
                comments.comments_open,
                comments.comments_close_after_days,
                comments.comments_need_two_moderators,
            ),
            (True, 90, False),
        )
        self.assertIsNone(review_settings_for(self.home))
