"""Attacks that must fail, sent as HTTP requests to the real admin views."""

import datetime

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, PageLogEntry, Revision, TaskState

from demo.factories import change_blog_settings
from editorial.models import ContentFinding
from posts.models import PostPage
from tests.editorial.base import EditorialTestCase, paragraph, post_form


def refused(response):
    """403, or Wagtail's own refusal: a redirect or a re-rendered form that changed nothing."""
    return response.status_code in (302, 403) or (
        response.status_code == 200 and response.context and response.context.get("form")
    )


class WriterCannotPublish(EditorialTestCase):
    def setUp(self):
        self.login(self.writer)
        self.live_revision = self.live_post.live_revision_id

    def assert_live_post_unchanged(self):
        post = self.reload(self.live_post)
        self.assertTrue(post.live)
        self.assertEqual(post.live_revision_id, self.live_revision)
        self.assertEqual(post.title, "Live post")

    def test_edit_form_with_action_publish(self):
        data = post_form("Live post, defaced", authors=[self.author], page=self.live_post)
        response = self.post_edit(self.live_post, data, action_publish="1")
        self.assertRefused(response)
        self.assert_live_post_unchanged()
        self.assertFalse(Revision.objects.filter(object_str="Live post, defaced").exists())

    def test_create_form_with_action_publish(self):
        data = post_form("Straight to live", authors=[self.author])
        data["action-publish"] = "1"
        response = self.client.post(self.add_url(), data)
        self.assertIn(response.status_code, (302, 403))
        self.assertNotEqual(
            response.get("Location"), reverse("wagtailadmin_explore", args=[self.blog.pk])
        )
        self.assertFalse(PostPage.objects.filter(title="Straight to live").exists())

    def test_unpublish(self):
        url = reverse("wagtailadmin_pages:unpublish", args=[self.live_post.pk])
        self.assertRefused(self.client.post(url))
        self.assert_live_post_unchanged()

    def test_move(self):
        for destination in (self.blog, self.other_blog):
            url = reverse(
                "wagtailadmin_pages:move_confirm", args=[self.live_post.pk, destination.pk]
            )
            self.assertRefused(self.client.post(url))
        self.assertEqual(self.reload(self.live_post).get_parent().pk, self.blog.pk)
        self.assert_live_post_unchanged()

    def test_delete(self):
        url = reverse("wagtailadmin_pages:delete", args=[self.live_post.pk])
        self.assertRefused(self.client.post(url))
        self.assert_live_post_unchanged()

    def test_copy_and_publish(self):
        live_before = PostPage.objects.live().count()
        url = reverse("wagtailadmin_pages:copy", args=[self.live_post.pk])
        response = self.client.post(
            url,
            {
                "new_title": "Copied live",
                "new_slug": "copied-live",
                "new_parent_page": self.blog.pk,
                "publish_copies": "on",
            },
        )
        self.assertTrue(refused(response))
        self.assertEqual(PostPage.objects.live().count(), live_before)
        self.assertFalse(PostPage.objects.filter(slug="copied-live", live=True).exists())

    def test_revert_and_publish(self):
        revision = self.live_post.live_revision
        url = reverse("wagtailadmin_pages:revisions_revert", args=[self.live_post.pk, revision.pk])
        data = post_form("Reverted and live", authors=[self.author], page=self.live_post)
        data["action-publish"] = "1"
        self.assertRefused(self.client.post(url, data))
        self.assert_live_post_unchanged()

    def test_bulk_publish(self):
        draft = self.create_post(self.writer, "Bulk draft")
        url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
        response = self.client.post(f"{url}?id={draft.pk}", {"include_descendants": ""})
        self.assertTrue(refused(response))
        self.assertFalse(self.reload(draft).live)

    def test_workflow_approve(self):
        post = self.create_post(self.writer, "Waiting", submit=True)
        task_state = post.current_workflow_task_state
        response = self.workflow_action(post, "approve")
        self.assertRefused(response)
        self.assertFalse(self.reload(post).live)
        task_state.refresh_from_db()
        self.assertEqual(task_state.status, TaskState.STATUS_IN_PROGRESS)

    def test_workflow_approve_through_the_editor(self):
        post = self.create_post(self.writer, "Waiting", submit=True)
        data = post_form("Waiting", authors=[self.author], page=post)
        data.update({"action-workflow-action": "1", "workflow-action-name": "approve"})
        self.client.post(self.edit_url(post), data)
        self.assertFalse(self.reload(post).live)
        self.assertEqual(post.current_workflow_task_state.status, TaskState.STATUS_IN_PROGRESS)

    def test_schedule(self):
        post = self.create_post(self.writer, "Scheduled by a writer")
        soon = (timezone.now() + datetime.timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M")
        data = post_form(
            "Scheduled by a writer", authors=[self.author], page=post, go_live_at=soon
        )
        self.assertRefused(self.post_edit(post, data, action_publish="1"))
        # Saved as a draft, a writer's go-live time schedules nothing.
        past = (timezone.now() - datetime.timedelta(minutes=5)).strftime("%Y-%m-%d %H:%M")
        data = post_form(
            "Scheduled by a writer", authors=[self.author], page=post, go_live_at=past
        )
        self.assertEqual(self.post_edit(post, data).status_code, 302)
        call_command("publish_scheduled")
        self.assertFalse(self.reload(post).live)
        self.assertFalse(post.revisions.exclude(approved_go_live_at=None).exists())

    def test_unschedule(self):
        url = reverse(
            "wagtailadmin_pages:revisions_unschedule",
            args=[self.live_post.pk, self.live_post.live_revision_id],
        )
        self.assertRefused(self.client.post(url))


class CrossBlog(EditorialTestCase):
    """A writer (or reviewer) of Government Technology in Digital Marketplace."""

    def test_edit(self):
        self.login(self.writer)
        self.assertRefused(self.client.get(self.edit_url(self.other_draft)))
        data = post_form("Hijacked", authors=[self.author], page=self.other_draft)
        self.assertRefused(self.post_edit(self.other_draft, data))
        self.assertEqual(
            self.reload(self.other_draft).get_latest_revision().object_str,
            "Other blog secret draft",
        )

    def test_preview(self):
        self.login(self.writer)
        url = reverse("wagtailadmin_pages:preview_on_edit", args=[self.other_draft.pk])
        data = post_form("Peek", authors=[self.author], page=self.other_draft)
        self.assertRefused(self.client.post(url, data))
        self.assertRefused(self.client.get(url))
        url = reverse("wagtailadmin_pages:view_draft", args=[self.other_draft.pk])
        self.assertRefused(self.client.get(url))

    def test_submit(self):
        self.login(self.writer)
        data = post_form("Other blog secret draft", authors=[self.author], page=self.other_draft)
        self.assertRefused(self.post_edit(self.other_draft, data, action_submit="1"))
        self.assertIsNone(self.reload(self.other_draft).current_workflow_state)

    def test_add_post_to_other_blog(self):
        self.login(self.writer)
        url = self.add_url(self.other_blog)
        self.assertRefused(self.client.get(url))

    def test_approve(self):
        post = self.submitted_in_other_blog()
        for user in (self.writer, self.reviewer):
            self.login(user)
            self.assertRefused(self.workflow_action(post, "approve"))
        self.assertFalse(self.reload(post).live)

    def test_approve_with_own_blog_page_in_the_url(self):
        # Wagtail checks the page named in the URL; the task state belongs to another blog.
        post = self.submitted_in_other_blog()
        self.login(self.reviewer)
        own = self.create_post(self.writer, "Own blog post", submit=True)
        self.login(self.reviewer)
        url = reverse(
            "wagtailadmin_pages:workflow_action",
            args=[own.pk, "approve", post.current_workflow_task_state.pk],
        )
        self.assertRefused(self.client.post(url))
        self.assertFalse(self.reload(post).live)

    def test_listing_hides_other_blogs(self):
        self.login(self.writer)
        response = self.client.get(
            reverse("wagtailadmin_explore", args=[self.home.pk]), follow=True
        )
        self.assertContains(response, "Government Technology")
        self.assertNotContains(response, "Digital Marketplace")
        response = self.client.get(reverse("wagtailadmin_explore", args=[self.other_blog.pk]))
        self.assertIn(response.status_code, (302, 403))
        self.assertNotIn(b"Other blog secret draft", response.content)
        response = self.client.get(reverse("wagtailadmin_pages:search"), {"q": "secret"})
        self.assertNotContains(response, "Other blog secret draft")
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertNotContains(response, "Other blog secret draft")

    def submitted_in_other_blog(self):
        self.login(self.other_writer)
        data = post_form("Marketplace news", authors=[self.author])
        data["action-submit"] = "1"
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(self.add_url(self.other_blog), data)
        post = PostPage.objects.get(title="Marketplace news")
        self.assertIsNotNone(post.current_workflow_task_state)
        return post


class TwoPersonRule(EditorialTestCase):
    def test_reviewer_cannot_approve_own_submission(self):
        post = self.create_post(self.reviewer, "Reviewer's own", submit=True)
        self.login(self.reviewer)
        actions = [
            name for name, *_ in post.current_workflow_task.get_actions(post, self.reviewer)
        ]
        self.assertNotIn("approve", actions)
        self.assertRefused(self.workflow_action(post, "approve"))
        data = post_form("Reviewer's own", authors=[self.author], page=post)
        data.update({"action-workflow-action": "1", "workflow-action-name": "approve"})
        self.client.post(self.edit_url(post), data)
        self.assertFalse(self.reload(post).live)
        # A second reviewer can.
        self.login(self.second_reviewer)
        self.assertEqual(self.workflow_action(post, "approve").status_code, 302)
        self.assertTrue(self.reload(post).live)

    def test_reviewer_cannot_approve_changes_they_made(self):
        post = self.create_post(self.writer, "Writer's post", submit=True)
        self.login(self.reviewer)
        data = post_form(
            "Writer's post",
            authors=[self.author],
            page=post,
            body=[paragraph("<p>Rewritten by the reviewer in full.</p>")],
        )
        data.update({"action-workflow-action": "1", "workflow-action-name": "approve"})
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(self.edit_url(post), data)
        post = self.reload(post)
        self.assertFalse(post.live)
        task_state = post.current_workflow_task_state
        self.assertEqual(task_state.revision.user, self.reviewer)
        self.assertRefused(self.workflow_action(post, "approve"))
        self.login(self.second_reviewer)
        self.workflow_action(post, "approve")
        self.assertTrue(self.reload(post).live)

    def test_reviewer_cannot_publish_directly(self):
        self.login(self.reviewer)
        data = post_form(
            "Live post", authors=[self.author], page=self.live_post, summary="Changed."
        )
        self.assertRefused(self.post_edit(self.live_post, data, action_publish="1"))
        self.assertEqual(self.reload(self.live_post).summary, "A short summary of the post.")
        response = self.client.get(self.edit_url(self.live_post))
        self.assertNotContains(response, 'name="action-publish"')

    def test_blog_can_switch_the_rule_off(self):
        change_blog_settings(self.blog, "review_settings", require_second_reviewer=False)
        post = self.create_post(self.reviewer, "Solo", submit=True)
        self.login(self.reviewer)
        self.assertEqual(self.workflow_action(post, "approve").status_code, 302)
        self.assertTrue(self.reload(post).live)


class EditAfterSubmission(EditorialTestCase):
    def test_writer_edit_returns_post_to_the_start(self):
        post = self.create_post(self.writer, "Submitted", submit=True)
        first = post.current_workflow_task_state
        self.assertEqual(first.task.specific.__class__.__name__, "BlogReviewTask")
        data = post_form(
            "Submitted",
            authors=[self.author],
            page=post,
            body=[
                paragraph('<p>Sneaky change, <a href="https://example.com">click here</a>.</p>')
            ],
        )
        self.assertEqual(self.post_edit(post, data).status_code, 302)
        post = self.reload(post)
        first.refresh_from_db()
        self.assertEqual(first.status, TaskState.STATUS_CANCELLED)
        current = post.current_workflow_task_state
        self.assertEqual(current.task.specific.__class__.__name__, "ContentChecksTask")
        self.assertEqual(current.revision_id, post.latest_revision_id)
        self.assertTrue(
            ContentFinding.objects.filter(task_state=current, rule="link_text").exists()
        )
        self.assertTrue(
            PageLogEntry.objects.filter(page=post, action="editorial.workflow.restart").exists()
        )
        # The reviewer's old review screen cannot approve the new content.
        self.login(self.reviewer)
        url = reverse("wagtailadmin_pages:workflow_action", args=[post.pk, "approve", first.pk])
        self.assertRefused(self.client.post(url))
        self.assertFalse(self.reload(post).live)

    def test_overwriting_the_submitted_revision_restarts_the_review(self):
        post = self.create_post(self.writer, "Submitted", submit=True)
        submitted = post.current_workflow_task_state
        data = post_form(
            "Submitted",
            authors=[self.author],
            page=post,
            body=[paragraph("<p>Swapped in place.</p>")],
        )
        data["overwrite_revision_id"] = str(submitted.revision_id)
        self.post_edit(post, data)
        post = self.reload(post)
        self.assertEqual(post.latest_revision_id, submitted.revision_id)
        current = post.current_workflow_task_state
        self.assertNotEqual(current.pk, submitted.pk)
        self.assertGreaterEqual(current.started_at, post.get_latest_revision().created_at)


class FindingsStayWithReviewers(EditorialTestCase):
    def test_writer_cannot_dismiss_findings(self):
        post = self.create_post(
            self.writer,
            "Vague",
            submit=True,
            body=[paragraph('<p><a href="https://example.com">click here</a></p>')],
        )
        task_state = post.current_workflow_task_state
        self.assertEqual(task_state.task.specific.__class__.__name__, "ContentChecksTask")
        self.login(self.writer)
        response = self.workflow_action(post, "override", {"comment": "Looks fine to me"})
        self.assertRefused(response)
        data = post_form(
            "Vague",
            authors=[self.author],
            page=post,
            body=[paragraph('<p><a href="https://example.com">click here</a></p>')],
        )
        data.update(
            {
                "action-workflow-action": "1",
                "workflow-action-name": "override",
                "workflow-action-extra-data": '{"comment": "Looks fine"}',
            }
        )
        self.client.post(self.edit_url(post), data)
        post = self.reload(post)
        self.assertFalse(ContentFinding.objects.exclude(overridden_at=None).exists())
        self.assertEqual(post.current_workflow_task.__class__.__name__, "ContentChecksTask")
        self.assertFalse(post.live)

    def test_override_needs_a_reason(self):
        post = self.create_post(
            self.writer,
            "Vague",
            submit=True,
            body=[paragraph('<p><a href="https://example.com">read more</a></p>')],
        )
        self.login(self.reviewer)
        self.workflow_action(post, "override", {"comment": "  "})
        self.assertEqual(post.current_workflow_task.__class__.__name__, "ContentChecksTask")
        response = self.workflow_action(post, "override", {"comment": "Quoted from the minister."})
        self.assertEqual(response.status_code, 302)
        finding = ContentFinding.objects.get(rule="link_text")
        self.assertEqual(finding.overridden_by, self.reviewer)
        self.assertEqual(finding.override_reason, "Quoted from the minister.")
        post = self.reload(post)
        self.assertEqual(post.current_workflow_task.__class__.__name__, "BlogReviewTask")
        entry = PageLogEntry.objects.get(page=post, action="editorial.checks.override")
        self.assertEqual(entry.user, self.reviewer)
        self.assertEqual(entry.data["reason"], "Quoted from the minister.")


class RejectionNeedsAComment(EditorialTestCase):
    def test_reject_without_comment(self):
        post = self.create_post(self.writer, "To reject", submit=True)
        self.login(self.reviewer)
        self.workflow_action(post, "reject", {"comment": ""})
        self.assertEqual(post.current_workflow_state.status, "in_progress")
        data = post_form("To reject", authors=[self.author], page=post)
        data.update({"action-workflow-action": "1", "workflow-action-name": "reject"})
        response = self.client.post(self.edit_url(post), data)
        self.assertRefused(response)
        self.assertEqual(post.current_workflow_state.status, "in_progress")
        self.workflow_action(post, "reject", {"comment": "Add the date of the event."})
        self.assertEqual(post.current_workflow_state.status, "needs_changes")
        self.assertFalse(Page.objects.get(pk=post.pk).live)


class ApprovingFromTheEditor(EditorialTestCase):
    def test_second_reviewer_approves_in_the_editor_without_changes(self):
        post = self.create_post(self.writer, "From the editor", submit=True)
        self.login(self.second_reviewer)
        data = post_form("From the editor", authors=[self.author], page=post)
        data.update({"action-workflow-action": "1", "workflow-action-name": "approve"})
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.edit_url(post), data)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(self.reload(post).live)

    def test_reviewer_overrides_findings_in_the_editor(self):
        html = '<p><a href="https://example.com">click here</a></p>'
        post = self.create_post(self.writer, "Vague", submit=True, body=[paragraph(html)])
        self.login(self.reviewer)
        data = post_form("Vague", authors=[self.author], page=post)
        data.update(
            {
                "action-workflow-action": "1",
                "workflow-action-name": "override",
                "workflow-action-extra-data": '{"comment": "The link text is a quotation."}',
            }
        )
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(self.edit_url(post), data)
        post = self.reload(post)
        self.assertEqual(type(post.current_workflow_task).__name__, "BlogReviewTask")
        # Saving the form unchanged does not make the post the reviewer's own work.
        self.workflow_action(post, "approve")
        self.assertTrue(self.reload(post).live)
