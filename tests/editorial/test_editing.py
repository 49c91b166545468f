"""The post editor keeps a reviewer's decision: one edit of a page at a time, no workflow
action from a stale form or an autosave, honest messages, and a preview that can be framed."""

import json

from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from wagtail.models import PageLogEntry, Revision, TaskState

from editorial.notifications import deliver
from tests.editorial.base import EditorialTestCase, post_form

APPROVE = {"action-workflow-action": "true", "workflow-action-name": "approve"}


def messages_of(response):
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


class EditorTestCase(EditorialTestCase):
    def waiting_for_review(self, title="Ready for review"):
        post = self.create_post(self.writer, title, submit=True)
        self.assertEqual(post.current_workflow_task.name, "Approval by the blog's reviewers")
        return post

    def editor_form(self, post):
        """What the reviewer's editor sends: the form as loaded, with its hidden inputs."""
        data = post_form(post.title, authors=[self.author], page=post)
        revision = post.get_latest_revision()
        data["loaded_revision_id"] = str(revision.pk)
        data["loaded_revision_created_at"] = revision.created_at.isoformat()
        state = post.current_workflow_task_state
        data["review_task_state"] = str(state.pk) if state else ""
        return data

    def send(self, post, data, **headers):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.edit_url(post), data, **headers)

    def footprint(self, post):
        post = self.reload(post)
        return (
            post.live,
            post.live_revision_id,
            post.first_published_at,
            Revision.objects.filter(object_id=str(post.pk)).count(),
            PageLogEntry.objects.filter(page=post).count(),
            list(
                TaskState.objects.filter(workflow_state__object_id=str(post.pk)).values_list(
                    "pk", "status"
                )
            ),
        )


class FormCarriesTheReviewStep(EditorTestCase):
    def test_the_editor_form_names_the_task_state_it_was_opened_on(self):
        post = self.waiting_for_review()
        self.login(self.reviewer)
        response = self.client.get(self.edit_url(post))
        state = post.current_workflow_task_state
        self.assertContains(response, f'name="review_task_state" value="{state.pk}"', html=False)

    def test_a_post_out_of_review_has_an_empty_task_state(self):
        self.login(self.writer)
        response = self.client.get(self.edit_url(self.create_post(self.writer, "Draft")))
        self.assertContains(response, 'name="review_task_state"')


class ApprovalInTheEditor(EditorTestCase):
    def test_approving_publishes_and_says_so_without_a_false_warning(self):
        post = self.waiting_for_review()
        self.login(self.reviewer)
        mail.outbox.clear()
        response = self.send(post, {**self.editor_form(post), **APPROVE})
        self.assertEqual(response.status_code, 302)
        post = self.reload(post)
        self.assertTrue(post.live)
        self.assertIsNotNone(post.live_revision_id)
        self.assertIsNotNone(post.first_published_at)
        said = messages_of(response)
        self.assertIn(("success", f"'{post.title}' has been approved and published."), said)
        self.assertFalse([text for _, text in said if "after you opened it" in text], said)
        self.assertFalse([text for _, text in said if "has been updated" in text], said)
        self.assertEqual(
            [m.subject for m in mail.outbox], [f"[Bulletin] Approved and published: {post.title}"]
        )

    def test_a_stale_second_approval_is_refused_and_writes_nothing(self):
        post = self.waiting_for_review()
        self.login(self.reviewer)
        stale = {**self.editor_form(post), **APPROVE}
        self.send(post, dict(stale))
        before = self.footprint(post)
        mail.outbox.clear()
        response = self.send(post, dict(stale))
        self.assertRedirects(response, self.edit_url(post), fetch_redirect_response=False)
        [(level, text)] = messages_of(response)[-1:]
        self.assertEqual(level, "error")
        self.assertIn("no longer waiting for this step", text)
        self.assertEqual(self.footprint(post), before)
        self.assertEqual(mail.outbox, [])

    def test_an_action_for_an_earlier_review_is_refused(self):
        post = self.waiting_for_review()
        self.login(self.reviewer)
        data = {**self.editor_form(post), **APPROVE}
        data["review_task_state"] = str(post.current_workflow_task_state.pk - 1)
        before = self.footprint(post)
        response = self.send(post, data)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.footprint(post), before)
        self.assertFalse(self.reload(post).live)

    def test_an_autosave_never_performs_a_workflow_action(self):
        post = self.waiting_for_review()
        self.login(self.reviewer)
        before = self.footprint(post)
        response = self.send(
            post, {**self.editor_form(post), **APPROVE}, HTTP_ACCEPT="application/json"
        )
        self.assertEqual(response.status_code, 400)
        body = json.loads(response.content)
        self.assertFalse(body["success"])
        self.assertIn("autosave cannot approve", body["error_message"])
        self.assertEqual(self.footprint(post), before)

    def test_an_autosave_after_the_approval_leaves_the_live_post_alone(self):
        post = self.waiting_for_review()
        self.login(self.reviewer)
        form = {**self.editor_form(post), **APPROVE}
        self.send(post, dict(form))
        before = self.footprint(post)
        response = self.send(post, dict(form), HTTP_ACCEPT="application/json")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.footprint(post), before)
        self.assertTrue(self.reload(post).live)


class ApprovalEmail(EditorTestCase):
    def test_no_approved_email_for_a_post_that_is_not_live(self):
        post = self.waiting_for_review()
        self.login(self.reviewer)
        self.send(post, {**self.editor_form(post), **APPROVE})
        post = self.reload(post)
        state = post.workflow_states.get()
        post.unpublish()
        mail.outbox.clear()
        with self.assertLogs("editorial.notifications", "ERROR") as logs:
            self.assertEqual(deliver("approved", state.pk), 0)
        self.assertEqual(mail.outbox, [])
        self.assertIn("not live", logs.output[0])


class NewerVersionWarning(EditorTestCase):
    def warnings(self, response):
        return [text for level, text in messages_of(response) if "after you opened it" in text]

    def test_someone_else_saving_in_between_is_named(self):
        post = self.create_post(self.writer, "Shared draft")
        self.login(self.writer)
        writers_form = self.editor_form(post)
        self.login(self.reviewer)
        self.send(post, self.editor_form(post) | {"summary": "The reviewer's summary."})
        self.login(self.writer)
        response = self.send(post, writers_form | {"summary": "The writer's summary."})
        [warning] = self.warnings(response)
        self.assertIn("Reviewer saved this page after you opened it", warning)

    def test_ones_own_autosave_in_between_is_not_a_conflict(self):
        post = self.create_post(self.writer, "Autosaved draft")
        self.login(self.writer)
        opened = self.editor_form(post)
        autosaved = self.send(
            post, opened | {"summary": "Typing…"}, HTTP_ACCEPT="application/json"
        )
        self.assertTrue(json.loads(autosaved.content)["success"])
        response = self.send(post, opened | {"summary": "Typed."})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.warnings(response), [])

    def test_saving_twice_in_a_row_is_not_a_conflict(self):
        post = self.create_post(self.writer, "My draft")
        self.login(self.writer)
        self.send(post, self.editor_form(post) | {"summary": "First go."})
        post = self.reload(post)
        response = self.send(post, self.editor_form(post) | {"summary": "Second go."})
        self.assertEqual(self.warnings(response), [])


class Preview(EditorTestCase):
    def test_the_preview_panel_can_frame_the_preview_and_nothing_else_can(self):
        post = self.create_post(self.writer, "Preview me")
        self.login(self.writer)
        url = reverse("wagtailadmin_pages:preview_on_edit", args=[post.pk])
        data = post_form(post.title, authors=[self.author], page=post)
        self.assertEqual(json.loads(self.client.post(url, data).content)["is_valid"], True)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        policy = response["Content-Security-Policy"]
        self.assertIn("frame-ancestors 'self'", policy)
        self.assertNotIn("frame-ancestors 'none'", policy)
        self.assertEqual(response["X-Frame-Options"], "SAMEORIGIN")
        self.assertIn("no-store", response["Cache-Control"])
        self.assertIn("private", response["Cache-Control"])
        self.assertIn("Preview me", response.content.decode())


class StatusPanel(EditorTestCase):
    def test_a_writer_is_told_they_can_still_edit_a_post_in_review(self):
        post = self.waiting_for_review()
        self.login(self.writer)
        response = self.client.get(self.edit_url(post))
        self.assertContains(response, "You can still edit this page")
        self.assertNotContains(response, "Only reviewers can edit")
