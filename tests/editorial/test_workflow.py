"""E-mails, live posts under review, scheduling, revisions and locking."""

import datetime

from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageLogEntry
from wagtail.users.models import UserProfile

from tests.editorial.base import EditorialTestCase, paragraph, post_form


class Notifications(EditorialTestCase):
    def test_submit_emails_the_blogs_reviewers_after_the_request(self):
        self.login(self.writer)
        data = post_form("Ready", authors=[self.author])
        data["action-submit"] = "1"
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            self.client.post(self.add_url(), data, HTTP_HOST="localhost")
        # Nothing is sent inside the request: the e-mail is queued once it commits.
        self.assertEqual(mail.outbox, [])
        for callback in callbacks:
            callback()
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox),
            ["reviewer@example.gov.uk", "second_reviewer@example.gov.uk"],
        )
        message = mail.outbox[0]
        self.assertEqual(message.subject, "[Bulletin] Waiting for your review: Ready")
        self.assertIn("Writer has submitted the post", message.body)
        self.assertIn("http://testserver/admin/pages/", message.body)
        self.assertNotIn("localhost", message.body)
        self.assertEqual(message.content_subtype, "plain")

    def test_approval_emails_the_writer_with_the_comment(self):
        post = self.create_post(self.writer, "Ready", submit=True)
        mail.outbox.clear()
        self.login(self.reviewer)
        self.workflow_action(post, "approve", {"comment": "Lovely, thank you."})
        self.assertEqual([m.to for m in mail.outbox], [["writer@example.gov.uk"]])
        self.assertIn("Reviewer approved your post", mail.outbox[0].body)
        self.assertIn("Lovely, thank you.", mail.outbox[0].body)
        self.assertIn(f"http://testserver{self.reload(post).url}", mail.outbox[0].body)

    def test_rejection_emails_the_writer_with_the_comment(self):
        post = self.create_post(self.writer, "Ready", submit=True)
        mail.outbox.clear()
        self.login(self.reviewer)
        self.workflow_action(post, "reject", {"comment": "Say when the event was."})
        self.assertEqual([m.to for m in mail.outbox], [["writer@example.gov.uk"]])
        self.assertEqual(mail.outbox[0].subject, "[Bulletin] Changes requested: Ready")
        self.assertIn("Say when the event was.", mail.outbox[0].body)

    def test_people_can_switch_notifications_off(self):
        profile = UserProfile.get_for_user(self.reviewer)
        profile.submitted_notifications = False
        profile.save()
        self.create_post(self.writer, "Ready", submit=True)
        self.assertEqual([m.to for m in mail.outbox], [["second_reviewer@example.gov.uk"]])


class LivePostUnderReview(EditorialTestCase):
    def test_live_version_stays_until_approval(self):
        self.login(self.writer)
        data = post_form(
            "Live post",
            authors=[self.author],
            page=self.live_post,
            body=[paragraph("<p>A better second version of this post, with more detail.</p>")],
        )
        with self.captureOnCommitCallbacks(execute=True):
            self.post_edit(self.live_post, data, action_submit="1")
        post = self.reload(self.live_post)
        self.assertTrue(post.has_unpublished_changes)
        self.assertEqual(post.status_string, "live + in moderation")
        page = self.client.get(post.url)
        self.assertNotContains(page, "A better second version")

        self.login(self.reviewer)
        self.workflow_action(post, "approve")
        self.assertContains(self.client.get(self.reload(post).url), "A better second version")


class Scheduling(EditorialTestCase):
    def test_approved_post_goes_live_at_its_time(self):
        later = timezone.localtime() + datetime.timedelta(days=1)
        post = self.create_post(
            self.writer, "Tomorrow", submit=True, go_live_at=later.strftime("%Y-%m-%d %H:%M")
        )
        self.login(self.reviewer)
        self.workflow_action(post, "approve")
        post = self.reload(post)
        self.assertFalse(post.live)
        revision = post.revisions.get(approved_go_live_at__isnull=False)
        call_command("publish_scheduled")
        self.assertFalse(self.reload(post).live)

        # A day passes.
        past = timezone.now() - datetime.timedelta(minutes=1)
        revision.approved_go_live_at = past
        revision.content["go_live_at"] = past.isoformat()
        revision.save()
        call_command("publish_scheduled")
        self.assertTrue(self.reload(post).live)

    def test_editors_see_london_time(self):
        from django.conf import settings

        self.assertEqual(settings.TIME_ZONE, "Europe/London")
        self.login(self.writer)
        with override_settings(USE_TZ=True):
            response = self.client.get(
                reverse("wagtailadmin_pages:history", args=[self.live_post.pk])
            )
        self.assertEqual(response.status_code, 200)


class RevisionsAndLocking(EditorialTestCase):
    def test_compare_and_restore_as_a_draft(self):
        post = self.create_post(self.writer, "Versions")
        first = post.latest_revision
        self.post_edit(
            post,
            post_form("Versions", authors=[self.author], page=post, summary="Second thoughts."),
        )
        post = self.reload(post)
        url = reverse(
            "wagtailadmin_pages:revisions_compare",
            args=[post.pk, first.pk, post.latest_revision_id],
        )
        response = self.client.get(url)
        self.assertContains(response, "Second thoughts.")
        revert = reverse("wagtailadmin_pages:revisions_revert", args=[post.pk, first.pk])
        self.assertEqual(self.client.get(revert).status_code, 200)
        response = self.client.post(
            revert, post_form("Versions", authors=[self.author], page=post)
        )
        self.assertEqual(response.status_code, 302)
        self.assertFalse(self.reload(post).live)
        self.assertTrue(PageLogEntry.objects.filter(page=post, action="wagtail.revert").exists())

    def test_reviewer_lock_stops_writers_and_is_logged(self):
        self.login(self.reviewer)
        self.client.post(reverse("wagtailadmin_pages:lock", args=[self.live_post.pk]))
        self.assertTrue(self.reload(self.live_post).locked)
        self.login(self.writer)
        data = post_form("Live post", authors=[self.author], page=self.live_post, summary="Nope.")
        self.post_edit(self.live_post, data)
        self.assertEqual(
            self.reload(self.live_post).get_latest_revision().as_object().summary,
            "A short summary of the post.",
        )
        self.assertEqual(
            PageLogEntry.objects.get(page=self.live_post, action="wagtail.lock").user,
            self.reviewer,
        )
        # A writer cannot unlock it either.
        self.client.post(reverse("wagtailadmin_pages:unlock", args=[self.live_post.pk]))
        self.assertTrue(self.reload(self.live_post).locked)
