"""purge_comment_data (retention), send_comment_digest (the moderators' daily summary) and
the demo comments."""

import datetime
import io

from django.core import mail
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.utils import timezone

from comments.models import CommentEdit, ReaderComment
from tests.comments.base import CommentsTestCase, Status, add_comment

SEED_URL = (
    "/technology/2017/10/10/"
    "open-source-security-meetup-7-things-we-learned-from-the-cross-government-event/"
)


def run(*args, **options):
    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def aged(comment, days):
    ReaderComment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )


class PurgeTests(CommentsTestCase):
    def setUp(self):
        self.old = add_comment(self.post, ip_address="192.0.2.5", notify_on_publish=True)
        self.recent = add_comment(self.post, ip_address="192.0.2.6")
        aged(self.old, 400)
        aged(self.recent, 10)
        self.old_edit = CommentEdit.objects.create(
            comment=self.old, original_name="N", original_body="Phone 07700 900123"
        )
        CommentEdit.objects.filter(pk=self.old_edit.pk).update(
            edited_at=timezone.now() - datetime.timedelta(days=399)
        )

    def test_addresses_older_than_the_retention_period_are_deleted(self):
        output = run("purge_comment_data")
        self.assertIn("Deleted the e-mail and IP addresses of 1 comment", output)
        self.assertIn("1 record of edited text", output)
        self.old.refresh_from_db()
        self.recent.refresh_from_db()
        self.assertEqual(
            (self.old.email, self.old.ip_address, self.old.notify_on_publish), ("", None, False)
        )
        self.assertEqual(
            (self.recent.email, self.recent.ip_address), ("grace@example.com", "192.0.2.6")
        )
        self.assertFalse(CommentEdit.objects.exists())
        self.assertIn("of 0 comments", run("purge_comment_data"))  # nothing left to do

    def test_dry_run_changes_nothing(self):
        self.assertIn(
            "Would delete the e-mail and IP addresses of 1 comment",
            run("purge_comment_data", "--dry-run"),
        )
        self.old.refresh_from_db()
        self.assertEqual(self.old.email, "grace@example.com")
        self.assertTrue(CommentEdit.objects.exists())

    def test_days_option_and_setting(self):
        self.assertIn("of 2 comments", run("purge_comment_data", "--days", "5", "--dry-run"))
        with override_settings(COMMENTS_RETENTION_DAYS=5):
            self.assertIn("of 2 comments", run("purge_comment_data", "--dry-run"))
        with self.assertRaises(CommandError):
            run("purge_comment_data", "--days", "-1")


@override_settings(BASE_URL="https://blogs.example")
class DigestTests(CommentsTestCase):
    def test_each_moderator_hears_about_their_own_blogs(self):
        aged(add_comment(self.post, status=Status.PENDING, body="<b>Words</b> of a reader"), 3)
        add_comment(self.post, status=Status.PENDING)
        add_comment(self.post, status=Status.APPROVED)
        self.assertIn("Queued the moderation digest", run("send_comment_digest"))
        recipients = sorted(address for message in mail.outbox for address in message.to)
        self.assertEqual(recipients, ["reviewer@example.gov.uk", "second_reviewer@example.gov.uk"])
        message = mail.outbox[0]
        self.assertIn("2 reader comments are waiting for moderation", message.subject)
        self.assertIn("Coding in the open (Government Technology): 2 waiting", message.body)
        self.assertIn("The oldest has waited 3", message.body)
        self.assertIn("https://blogs.example/admin/reader-comments/?status=pending", message.body)
        self.assertNotIn("Words", message.body)  # no reader's text in e-mails

    def test_nothing_waiting_sends_nothing(self):
        run("send_comment_digest")
        self.assertEqual(mail.outbox, [])


class DemoTests(TestCase):
    def test_the_demo_has_published_and_waiting_comments_once(self):
        run("load_demo")
        run("load_demo")
        statuses = sorted(ReaderComment.objects.values_list("status", flat=True))
        self.assertEqual(statuses, ["approved"] * 3 + ["pending"] * 2)
        self.assertTrue(
            ReaderComment.objects.filter(is_official=True, parent__isnull=False).exists()
        )
        content = self.client.get(SEED_URL).content.decode()
        self.assertIn("3 comments", content)
        self.assertIn("Official reply", content)
        self.assertNotIn("07700 900123", content)
