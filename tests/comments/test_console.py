"""The moderation console: who may use it (checked on every action, on the server), what
each action does, the audit log, two-person review, bulk actions and the dashboard."""

from bs4 import BeautifulSoup

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from wagtail.models import ModelLogEntry

from comments.models import CommentApproval, CommentEdit, ReaderComment
from demo.factories import change_blog_settings, make_user
from tests.comments.base import CommentsTestCase, Status, add_comment


def console(name, *args):
    return reverse(f"reader_comments:{name}", args=args)


def bulk(action, *comments):
    ids = "&".join(f"id={comment.pk}" for comment in comments)
    return f"{reverse('wagtail_bulk_action', args=['comments', 'readercomment', action])}?{ids}"


def logged(comment):
    return list(
        ModelLogEntry.objects.filter(object_id=str(comment.pk))
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


class ConsoleTestCase(CommentsTestCase):
    def setUp(self):
        self.comment = add_comment(
            self.post,
            status=Status.PENDING,
            body="Call me on 07700 900123.",
            email="r@example.com",
        )

    def actions(self, comment):
        """Every console URL that acts on or shows `comment`: (method, url, data)."""
        return [
            ("get", console("index"), {}),
            ("get", console("index_results"), {}),
            ("get", console("edit", comment.pk), {}),
            ("get", console("history", comment.pk), {}),
            ("get", console("person"), {}),
            ("post", console("edit", comment.pk), {"name": "X", "body": "Edited"}),
            ("post", console("approve", comment.pk), {}),
            ("post", console("reject", comment.pk), {"reason": "off-topic"}),
            ("post", console("spam", comment.pk), {}),
            ("post", console("reply", comment.pk), {"name": "Team", "body": "A reply"}),
            (
                "post",
                console("person"),
                {"email": "r@example.com", "action": "erase", "confirm": "yes"},
            ),
            ("post", console("person"), {"email": "r@example.com", "action": "csv"}),
            ("get", bulk("approve", comment), {}),
            ("post", bulk("approve", comment), {}),
            ("post", bulk("reject", comment), {"reason": "abusive"}),
            ("post", bulk("spam", comment), {}),
        ]

    def assert_unchanged(self):
        comment = ReaderComment.objects.get(pk=self.comment.pk)
        self.assertEqual(
            (comment.status, comment.body), (Status.PENDING, "Call me on 07700 900123.")
        )
        self.assertEqual(ReaderComment.objects.count(), 1)
        self.assertFalse(ModelLogEntry.objects.filter(action__startswith="comments.").exists())


class PermissionTests(ConsoleTestCase):
    def test_anonymous_people_are_sent_to_sign_in(self):
        for method, url, data in self.actions(self.comment):
            with self.subTest(method=method, url=url):
                response = getattr(self.client, method)(url, data)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith(reverse("wagtailadmin_login")))
        self.assert_unchanged()

    def test_writers_are_refused_every_action(self):
        self.client.force_login(self.writer)
        for method, url, data in self.actions(self.comment):
            with self.subTest(method=method, url=url):
                response = getattr(self.client, method)(url, data)
                self.assertIn(response.status_code, (302, 403, 404))
                if response.status_code == 302:
                    self.assertEqual(response["Location"], reverse("wagtailadmin_home"))
        self.assert_unchanged()
        self.assertNotIn(b"Reader comments", self.client.get(reverse("wagtailadmin_home")).content)

    def test_another_blogs_reviewer_cannot_reach_this_blogs_comments(self):
        self.client.force_login(self.data_reviewer)
        for method, url, data in self.actions(self.comment):
            with self.subTest(method=method, url=url):
                response = getattr(self.client, method)(url, data)
                self.assertIn(response.status_code, (200, 302, 400, 404))
                self.assertNotIn(b"07700 900123", response.content)
        self.assert_unchanged()

    def test_the_blogs_reviewer_sees_the_console(self):
        self.client.force_login(self.reviewer)
        home = self.client.get(reverse("wagtailadmin_home")).content.decode()
        self.assertIn("Reader comments", home)
        self.assertIn("1 comment is waiting for moderation", home)
        page = BeautifulSoup(self.client.get(console("index")).content, "html.parser")
        self.assertIn("Call me on 07700 900123.", page.get_text())
        self.assertTrue(
            page.select_one(
                f'input[data-bulk-action-checkbox][data-object-id="{self.comment.pk}"]'
            )
        )
        self.assertEqual(self.client.get(console("edit", self.comment.pk)).status_code, 200)

    def test_the_permission_is_given_by_migration_and_to_new_blogs(self):
        User = get_user_model()
        permission = "comments.moderate_readercomment"
        self.assertTrue(User.objects.get(pk=self.reviewer.pk).has_perm(permission))
        self.assertFalse(User.objects.get(pk=self.writer.pk).has_perm(permission))
        from django.contrib.auth.models import Group

        for name in ("Reviewers", "Administrators", "Government Technology reviewers"):
            group = Group.objects.get(name=name)
            self.assertTrue(group.permissions.filter(codename="moderate_readercomment").exists())
        for name in ("Writers", "Government Technology writers"):
            group = Group.objects.get(name=name)
            self.assertFalse(group.permissions.filter(codename="moderate_readercomment").exists())


class ActionTests(ConsoleTestCase):
    def setUp(self):
        super().setUp()
        self.client.force_login(self.reviewer)

    def test_approve_publishes_and_logs(self):
        response = self.client.post(console("approve", self.comment.pk))
        self.assertRedirects(
            response, console("edit", self.comment.pk), fetch_redirect_response=False
        )
        self.comment.refresh_from_db()
        self.assertEqual(
            (self.comment.status, self.comment.moderated_by), (Status.APPROVED, self.reviewer)
        )
        self.assertEqual(logged(self.comment), ["comments.approve"])
        self.assertIn(b"07700 900123", self.client.get(self.post.url).content)

    def test_reject_needs_a_reason_from_the_list(self):
        for reason in ("", "because"):
            response = self.client.post(console("reject", self.comment.pk), {"reason": reason})
            self.assertEqual(response.status_code, 400)
        self.assertEqual(ReaderComment.objects.get().status, Status.PENDING)
        self.client.post(console("reject", self.comment.pk), {"reason": "party-political"})
        self.comment.refresh_from_db()
        self.assertEqual(
            (self.comment.status, self.comment.rejection_reason),
            (Status.REJECTED, "party-political"),
        )
        entry = ModelLogEntry.objects.get(action="comments.reject")
        self.assertEqual(entry.data, {"reason": "party-political"})
        self.assertEqual(entry.user, self.reviewer)

    def test_spam(self):
        self.client.post(console("spam", self.comment.pk))
        self.assertEqual(ReaderComment.objects.get().status, Status.SPAM)
        self.assertEqual(logged(self.comment), ["comments.spam"])

    def test_actions_are_post_only(self):
        for name in ("approve", "reject", "spam", "reply"):
            self.assertEqual(self.client.get(console(name, self.comment.pk)).status_code, 405)
        self.assert_unchanged()

    def test_edit_keeps_the_original_in_an_audit_record(self):
        response = self.client.post(
            console("edit", self.comment.pk), {"name": "Grace Reader", "body": "Call me."}
        )
        self.assertEqual(response.status_code, 302)
        self.comment.refresh_from_db()
        self.assertEqual(self.comment.body, "Call me.")
        edit = CommentEdit.objects.get()
        self.assertEqual(
            (edit.original_body, edit.edited_by), ("Call me on 07700 900123.", self.reviewer)
        )
        self.assertEqual(logged(self.comment), ["comments.edit"])
        entry = ModelLogEntry.objects.get(action="comments.edit")
        self.assertNotIn("07700", str(entry.data) + entry.label)
        history = self.client.get(console("history", self.comment.pk)).content.decode()
        self.assertIn("Edited the body", history)

    def test_edit_refuses_bad_text(self):
        response = self.client.post(
            console("edit", self.comment.pk), {"name": "", "body": "x" * 5001}
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(CommentEdit.objects.exists())

    def test_reply_from_the_console_is_official(self):
        response = self.client.post(
            console("reply", self.comment.pk), {"name": "Technology team", "body": "Thanks!"}
        )
        reply = ReaderComment.objects.get(parent=self.comment)
        self.assertRedirects(response, console("edit", reply.pk), fetch_redirect_response=False)
        self.assertEqual(
            (reply.status, reply.is_official, reply.user, reply.email),
            (Status.APPROVED, True, self.reviewer, ""),
        )
        self.assertEqual(logged(reply), ["comments.reply", "comments.approve"])
        # A reply to a reply goes under the same comment: one level deep.
        self.client.post(console("reply", reply.pk), {"name": "Team", "body": "And more"})
        self.assertEqual(ReaderComment.objects.filter(parent=self.comment).count(), 2)
        self.client.post(console("approve", self.comment.pk))
        page = BeautifulSoup(self.client.get(self.post.url).content, "html.parser")
        self.assertIn("Official reply", page.select_one(f"#comment-{reply.pk}").get_text())

    def test_script_in_comments_is_text_in_the_console(self):
        add_comment(
            self.post,
            status=Status.PENDING,
            name="<img src=x onerror=alert(1)>",
            body="<script>alert(1)</script>",
        )
        for url in (console("index"), console("edit", ReaderComment.objects.last().pk)):
            content = self.client.get(url).content.decode()
            self.assertNotIn("<script>alert(1)", content)
            self.assertNotIn("<img src=x", content)

    def test_the_listing_filters(self):
        old = add_comment(self.data_post, status=Status.PENDING)
        approved = add_comment(self.post, status=Status.APPROVED, body="Already out")
        admin = make_user("administrator", is_superuser=True)
        self.client.force_login(admin)
        ReaderComment.objects.filter(pk=old.pk).update(
            created_at=old.created_at.replace(year=2020)
        )

        def listed(query=""):
            page = BeautifulSoup(self.client.get(console("index") + query).content, "html.parser")
            return {
                int(box["data-object-id"])
                for box in page.select("input[data-bulk-action-checkbox]")
            }

        self.assertEqual(listed(), {self.comment.pk, old.pk})
        self.assertEqual(listed(f"?blog={self.data.pk}"), {old.pk})
        self.assertEqual(listed(f"?post={self.post.pk}"), {self.comment.pk})
        self.assertEqual(listed("?status=approved"), {approved.pk})
        self.assertEqual(listed("?status=all"), {self.comment.pk, old.pk, approved.pk})
        self.assertEqual(listed("?age=7d"), {old.pk})
        self.assertEqual(listed("?q=07700"), {self.comment.pk})


class TwoPersonReviewTests(ConsoleTestCase):
    def setUp(self):
        super().setUp()
        change_blog_settings(
            self.technology, "comment_settings", comments_need_two_moderators=True
        )

    def approve(self, user):
        self.client.force_login(user)
        return self.client.post(console("approve", self.comment.pk))

    def test_a_comment_needs_two_different_moderators(self):
        self.approve(self.reviewer)
        self.assertEqual(ReaderComment.objects.get().status, Status.PENDING)
        self.approve(self.reviewer)  # the same person again does not count
        self.assertEqual(CommentApproval.objects.count(), 1)
        self.assertEqual(ReaderComment.objects.get().status, Status.PENDING)
        self.approve(self.second_reviewer)
        self.assertEqual(ReaderComment.objects.get().status, Status.APPROVED)
        self.assertEqual(logged(self.comment), ["comments.approve_first", "comments.approve"])

    def test_an_edit_after_an_approval_needs_approving_again(self):
        self.approve(self.reviewer)
        self.client.force_login(self.second_reviewer)
        self.client.post(console("edit", self.comment.pk), {"name": "Grace", "body": "Call me."})
        self.approve(self.second_reviewer)
        self.assertEqual(ReaderComment.objects.get().status, Status.PENDING)
        self.approve(self.reviewer)
        self.assertEqual(ReaderComment.objects.get().status, Status.APPROVED)


class BulkTests(ConsoleTestCase):
    def setUp(self):
        super().setUp()
        self.other = add_comment(self.post, status=Status.PENDING, body="Second")
        self.foreign = add_comment(self.data_post, status=Status.PENDING, body="Data blog")
        self.client.force_login(self.reviewer)

    def test_confirm_then_approve_many(self):
        page = self.client.get(bulk("approve", self.comment, self.other, self.foreign))
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "Second")
        self.assertNotContains(page, "Data blog")
        self.assertContains(page, "1 of the chosen comments are not on your blogs")
        self.client.post(bulk("approve", self.comment, self.other, self.foreign))
        statuses = dict(ReaderComment.objects.values_list("pk", "status"))
        self.assertEqual(statuses[self.comment.pk], Status.APPROVED)
        self.assertEqual(statuses[self.other.pk], Status.APPROVED)
        self.assertEqual(statuses[self.foreign.pk], Status.PENDING)
        self.assertEqual(ModelLogEntry.objects.filter(action="comments.approve").count(), 2)

    def test_all_in_the_listing_means_the_listings_filters(self):
        add_comment(self.post, status=Status.APPROVED, body="Published already")
        url = reverse("wagtail_bulk_action", args=["comments", "readercomment", "spam"])
        self.client.post(f"{url}?status=pending&q=second&id=all")
        self.assertEqual(list(ReaderComment.objects.filter(status=Status.SPAM)), [self.other])
        self.client.post(f"{url}?id=all")  # the listing's default: waiting comments
        self.assertEqual(
            set(ReaderComment.objects.filter(status=Status.SPAM)), {self.comment, self.other}
        )

    def test_reject_many_with_one_reason(self):
        self.client.post(bulk("reject", self.comment, self.other), {"reason": "duplicate"})
        self.assertEqual(
            set(
                ReaderComment.objects.filter(status=Status.REJECTED).values_list(
                    "rejection_reason", flat=True
                )
            ),
            {"duplicate"},
        )
        self.assertEqual(ReaderComment.objects.filter(status=Status.REJECTED).count(), 2)

    def test_spam_many(self):
        self.client.post(bulk("spam", self.comment, self.other))
        self.assertEqual(ReaderComment.objects.filter(status=Status.SPAM).count(), 2)


@override_settings(BASE_URL="https://blogs.example")
class PersonTests(ConsoleTestCase):
    def setUp(self):
        super().setUp()
        self.reply = add_comment(
            self.post, parent=self.comment, name="Team", email="", is_official=True
        )
        add_comment(self.post, email="other@example.com", body="Someone else")
        self.client.force_login(self.reviewer)

    def test_find_and_export_one_persons_comments(self):
        page = self.client.post(console("person"), {"email": "R@Example.com", "action": "find"})
        self.assertContains(page, "1 comment from this address")
        for file_format, content_type in (("csv", "text/csv"), ("json", "application/json")):
            response = self.client.post(
                console("person"), {"email": "r@example.com", "action": file_format}
            )
            self.assertTrue(response["Content-Type"].startswith(content_type))
            self.assertIn("attachment", response["Content-Disposition"])
            body = response.content.decode()
            self.assertIn("07700 900123", body)
            self.assertIn("r@example.com", body)
            self.assertNotIn("Someone else", body)
        self.assertEqual(logged(self.comment), ["comments.export", "comments.export"])

    def test_export_defuses_spreadsheet_formulas(self):
        add_comment(self.post, email="r@example.com", body='=HYPERLINK("http://evil")')
        response = self.client.post(console("person"), {"email": "r@example.com", "action": "csv"})
        self.assertIn("'=HYPERLINK", response.content.decode())

    def test_erase_needs_confirming_then_deletes_and_logs_without_the_address(self):
        self.client.post(console("person"), {"email": "r@example.com", "action": "erase"})
        self.assertTrue(ReaderComment.objects.filter(pk=self.comment.pk).exists())
        response = self.client.post(
            console("person"), {"email": "r@example.com", "action": "erase", "confirm": "yes"}
        )
        self.assertRedirects(response, console("person"), fetch_redirect_response=False)
        self.assertFalse(
            ReaderComment.objects.filter(pk__in=[self.comment.pk, self.reply.pk]).exists()
        )
        self.assertTrue(ReaderComment.objects.filter(email="other@example.com").exists())
        entry = ModelLogEntry.objects.get(action="comments.erase")
        self.assertNotIn("example.com", f"{entry.label} {entry.data}")

    def test_a_bad_address(self):
        response = self.client.post(
            console("person"), {"email": "not an address", "action": "find"}
        )
        self.assertEqual(response.status_code, 400)


class NotificationTests(ConsoleTestCase):
    @override_settings(BASE_URL="https://blogs.example")
    def test_the_commenter_is_told_once_when_they_asked(self):
        ReaderComment.objects.filter(pk=self.comment.pk).update(
            notify_on_publish=True, name="<b>Evil</b>"
        )
        self.client.force_login(self.reviewer)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(console("approve", self.comment.pk))
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["r@example.com"])
        self.assertIn(
            f"https://blogs.example{self.post.url}#comment-{self.comment.pk}", message.body
        )
        self.assertNotIn("Evil", message.body + message.subject)
        # Rejected and approved again: no second e-mail.
        self.client.post(console("reject", self.comment.pk), {"reason": "other"})
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(console("approve", self.comment.pk))
        self.assertEqual(len(mail.outbox), 1)

    def test_nobody_is_told_who_did_not_ask(self):
        self.client.force_login(self.reviewer)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(console("approve", self.comment.pk))
        self.assertEqual(mail.outbox, [])
