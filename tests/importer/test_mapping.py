"""Statuses, comments, images, titles and slugs, from small exports written here."""

import datetime
import io

from PIL import Image as PILImage

from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction, WorkflowState

from comments.models import ReaderComment
from importer.run import import_wordpress
from posts.models import Person

from .base import ImporterTestCase, database_counts
from .exports import comment, export, item, meta

Status = ReaderComment.Status
FUTURE = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=30)).replace(microsecond=0)

PROTECTED = "open sesame"  # pragma: allowlist secret


class StatusTests(ImporterTestCase):
    def test_each_status(self):
        future = FUTURE.strftime("%Y-%m-%d %H:%M:%S")
        items = "".join(
            [
                item(1, "Published", status="publish"),
                item(2, "Draft", status="draft"),
                item(3, "Pending", status="pending"),
                item(4, "Private", status="private"),
                item(5, "Scheduled", status="future", date=future),
                item(6, "Protected", status="publish", password=PROTECTED),
                item(7, "Binned", status="trash"),
            ]
        )
        report = import_wordpress(self.write(export(items)), blog_slug="technology")
        posts = {post.title: post for post in self.posts()}
        self.assertNotIn("Binned", posts)
        self.assertEqual(report.skipped["post"], {"in the trash": 1})
        self.assertTrue(posts["Published"].live)
        self.assertEqual(posts["Published"].url, "/technology/2017/10/10/post-1/")
        self.assertFalse(posts["Draft"].live)
        self.assertIsNone(posts["Draft"].date)
        pending = posts["Pending"]
        self.assertFalse(pending.live)
        state = WorkflowState.objects.get(object_id=str(pending.pk))
        self.assertEqual(state.status, WorkflowState.STATUS_IN_PROGRESS)
        self.assertEqual(state.workflow.name, "Blog post review")
        private = posts["Private"]
        self.assertFalse(private.live)
        self.assertEqual(private.date, datetime.date(2017, 10, 10))
        scheduled = posts["Scheduled"]
        self.assertFalse(scheduled.live)
        self.assertEqual(scheduled.get_latest_revision().approved_go_live_at, FUTURE)
        self.assertEqual(scheduled.date, FUTURE.date())
        protected = posts["Protected"]
        self.assertTrue(protected.live)
        restriction = PageViewRestriction.objects.get(page=protected)
        self.assertEqual(restriction.password, "open sesame")
        for title in ("Draft", "Pending", "Private", "Scheduled", "Protected"):
            with self.subTest(title):
                self.assertNotIn(posts[title], self.blog().posts())

    def test_excerpt_author_and_comments_open(self):
        text = export(item(1, "One", excerpt="<p>The <b>standfirst</b> &amp; more.</p>"))
        import_wordpress(self.write(text), blog_slug="technology")
        post = self.posts().get()
        self.assertEqual(post.summary, "The standfirst & more.")
        self.assertEqual(post.post_authors.get().person.name, "Khidr Suleman")
        self.assertTrue(post.comments_open)


class CommentTests(ImporterTestCase):
    def test_statuses_threading_and_what_is_left_out(self):
        comments = "".join(
            [
                comment(1, "First<br />line two &amp; more"),
                comment(2, "A reply", parent="1"),
                comment(3, "A reply to the reply", parent="2"),
                comment(4, "Held", approved="0"),
                comment(5, "Buy now", approved="spam"),
                comment(6, "Binned", approved="trash"),
                comment(7, "Linked", kind="pingback"),
                comment(8, "Tracked", kind="trackback"),
            ]
        )
        report = import_wordpress(
            self.write(export(item(1, "One", extra=comments))), blog_slug="technology"
        )
        by_body = {c.body.split("\n")[0]: c for c in ReaderComment.objects.all()}
        self.assertEqual(sorted(by_body), ["A reply", "A reply to the reply", "First", "Held"])
        first = by_body["First"]
        self.assertEqual(first.body, "First\nline two & more")
        self.assertEqual(first.status, Status.APPROVED)
        self.assertEqual(first.name, "Reader 1")
        self.assertEqual(first.ip_address, "192.0.2.1")
        self.assertEqual(
            first.created_at, datetime.datetime(2017, 10, 11, 10, tzinfo=datetime.UTC)
        )
        self.assertEqual(by_body["A reply"].parent, first)
        # Bulletin has one level of replies: a reply to a reply joins the thread.
        self.assertEqual(by_body["A reply to the reply"].parent, first)
        self.assertEqual(by_body["Held"].status, Status.PENDING)
        self.assertEqual(report.found["comment"], 8)
        self.assertEqual(report.created["comment"], 4)
        self.assertEqual(
            report.skipped["comment"],
            {"spam": 1, "in the trash": 1, "pingback or trackback": 2},
        )


def png(path, size=(40, 30)):
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "#1d70b8").save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())


class AttachmentTests(ImporterTestCase):
    def attachment(self, wp_id, name, **extra):
        url = f"http://example.gov.uk/wp-content/uploads/2017/10/{name}"
        return item(
            wp_id,
            f"Picture {wp_id}",
            status="inherit",
            post_type="attachment",
            excerpt="The panel, on stage",
            extra=f"<wp:attachment_url>{url}</wp:attachment_url>"
            + meta("_wp_attachment_image_alt", "Four people on a stage")
            + meta(
                "_wp_attachment_metadata",
                'a:1:{s:10:"image_meta";a:2:{s:6:"credit";s:9:"Jane Doe ";'
                's:9:"copyright";s:11:"Crown (c) 1";}}',
            ),
            **extra,
        )

    def test_images_found_under_uploads_and_missing_ones(self):
        uploads = self.tmp / "uploads"
        png(uploads / "2017" / "10" / "panel.png")
        items = (
            item(1, "With a picture", extra=meta("_thumbnail_id", "20"))
            + item(2, "With a lost picture", extra=meta("_thumbnail_id", "21"))
            + self.attachment(20, "panel.png")
            + self.attachment(21, "lost.png")
        )
        report = import_wordpress(
            self.write(export(items)), blog_slug="technology", uploads=str(uploads)
        )
        image = get_image_model().objects.get()
        self.assertEqual((image.width, image.height), (40, 30))
        self.assertEqual(image.alt_text, "Four people on a stage")
        self.assertEqual(image.description, "")  # the caption is not the alt text
        self.assertEqual(image.credit, "Jane Doe")
        self.assertEqual(image.copyright_holder, "Crown (c) 1")
        posts = {post.title: post for post in self.posts()}
        self.assertEqual(posts["With a picture"].listing_image, image)
        self.assertIsNone(posts["With a lost picture"].listing_image)
        self.assertTrue(posts["With a lost picture"].live)
        self.assertEqual(
            report.lists["missing_media"],
            ["http://example.gov.uk/wp-content/uploads/2017/10/lost.png"],
        )
        self.assertEqual(report.skipped["attachment"], {"file not found under --uploads": 1})

    def test_a_path_out_of_the_uploads_directory_is_not_followed(self):
        png(self.tmp / "secret.png")
        uploads = self.tmp / "uploads"
        uploads.mkdir()
        text = export(self.attachment(20, "../../../secret.png"))
        import_wordpress(self.write(text), blog_slug="technology", uploads=str(uploads))
        self.assertFalse(get_image_model().objects.exists())


class TitleTests(ImporterTestCase):
    def test_right_to_left_titles_entities_and_invisible_characters(self):
        rtl = "\u202eمرحبا\u200f بالعالم"
        items = item(
            1, f"{rtl} &amp; <em>more</em>", slug="%d9%85%d8%b1%d8%ad%d8%a8%d8%a7%e2%80%ae"
        )
        items += item(2, "Caf&#233; &lt;3 \u2066notes\u2069", slug="")
        items += item(3, "", slug="from-the-slug")
        items += item(4, "", slug="", content="<p>First words of the post become its title</p>")
        import_wordpress(self.write(export(items)), blog_slug="technology")
        posts = {post.pk: post for post in self.posts().order_by("pk")}
        first, second, third, fourth = posts.values()
        self.assertEqual(first.title, f"{rtl} & more")
        self.assertEqual(first.slug, "مرحبا")
        self.assertEqual(second.title, "Café <3 \u2066notes\u2069")
        self.assertEqual(second.slug, "café-3-notes")
        self.assertEqual(third.title, "From the slug")
        self.assertEqual(fourth.title, "First words of the post become its title")
        invisible = {"\u202e", "\u200f", "\u2066", "\u2069", "\u200b"}
        for post in posts.values():
            self.assertFalse(invisible & set(post.slug + post.url), post.slug)


class DryRunTests(ImporterTestCase):
    def test_dry_run_writes_nothing_and_reports(self):
        text = export(item(1, "One", extra=comment(1, "Hi")) + item(2, "Two", status="trash"))
        before = database_counts()
        out = self.run_command(self.write(text), "--dry-run")
        self.assertEqual(database_counts(), before)
        self.assertFalse(Person.objects.exists())
        self.assertIn("Dry run: nothing written.", out)
        self.assertIn("post: 2 found, 1 would be created", out)
        self.assertIn("skipped: 1 in the trash", out)
        self.assertIn("comment: 1 found, 1 would be created", out)
