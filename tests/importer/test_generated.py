"""A generated export of a real blog's shape (benchmarks/wxr.py) imports whole, with the
indexes that are built once at the end (search, references) as per-save updates made them."""

from wagtail.models import ReferenceIndex

from benchmarks.wxr import write_export, write_uploads
from comments.models import ReaderComment
from importer.run import import_wordpress
from posts.models import Category, PostPage

from .base import ImporterTestCase


class GeneratedExportTests(ImporterTestCase):
    def test_a_generated_blog_imports_with_its_references_and_comments(self):
        path = write_export(self.tmp / "export.xml", 12)
        uploads = write_uploads(self.tmp / "uploads")
        with self.settings(MEDIA_ROOT=str(self.tmp / "media")):
            report = import_wordpress(path, blog_slug="digital", uploads=uploads)
        counts = report.as_dict()["counts"]
        self.assertEqual(counts["post"]["created"], 12)
        self.assertEqual(counts["attachment"]["created"], 40)
        self.assertEqual(report.as_dict()["failures"], [])
        posts = PostPage.objects.child_of(self.blog("digital"))
        self.assertEqual(posts.count(), 12)
        for post in posts:
            self.assertIsNotNone(post.latest_revision_id)
            if post.live:
                self.assertEqual(post.live_revision_id, post.latest_revision_id)
                self.assertFalse(post.has_unpublished_changes)
        post = posts.live().first()
        # Usage, as Wagtail's per-save handler would have recorded it.
        references = ReferenceIndex.get_references_for_object(post)
        self.assertLessEqual(
            {"body.image.image", "post_authors.item.person", "tagged_items.item.tag"},
            set(references.values_list("model_path", flat=True)),
        )
        self.assertTrue(ReferenceIndex.get_references_to(post.listing_image).exists())
        self.assertEqual(Category.objects.filter(blog__slug="digital").count(), 30)
        comments = ReaderComment.objects.filter(post__in=posts)
        self.assertEqual(comments.count(), counts["comment"]["created"])
        self.assertTrue(comments.filter(parent__isnull=False).exists())
        self.assertFalse(comments.filter(parent__parent__isnull=False).exists())

    def test_importing_it_again_changes_nothing(self):
        path = write_export(self.tmp / "export.xml", 6, images=False)
        import_wordpress(path, blog_slug="digital")
        report = import_wordpress(path, blog_slug="digital").as_dict()
        self.assertEqual(report["counts"]["post"]["unchanged"], 6)
        self.assertEqual(report["counts"]["comment"]["created"], 0)
