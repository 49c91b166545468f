"""The whole review, through the real admin views: draft, checks, changes, approval, live."""

from django.core import mail
from django.urls import reverse

from wagtail.models import PageLogEntry

from editorial.models import ContentFinding
from posts.models import PostPage
from tests.editorial.base import EditorialTestCase, listblock, paragraph, post_form

SPEAKER = (
    "speaker",
    {
        "speaker": {
            "person": "",
            "name": "Jason Paige",
            "job_title": "Head of Software Engineering",
            "organisation": "HM Courts & Tribunals Service",
        },
        "talk_title": "Start small when shifting to Open Source",
        "write_up": paragraph(
            "<p>Jason told us how his team moved to open code, one small project at a time.</p>"
        )[1],
    },
)
LIST = (
    "list",
    {
        "style": "bullet",
        "items": listblock(["write clean code", "make use of peer reviews"]),
    },
)
SECTION = ("heading", {"text": "What we learned", "numbered": "on", "level": "2"})


def body(link_text):
    return [
        SECTION,
        SPEAKER,
        LIST,
        paragraph(f'<p>Read <a href="https://www.gov.uk/service-manual">{link_text}</a>.</p>'),
    ]


class HappyPath(EditorialTestCase):
    def test_draft_to_live(self):
        # 1. The writer drafts a post with a speaker section and a list, and submits it.
        self.login(self.writer)
        data = post_form(
            "Open Source meetup",
            authors=[self.author],
            summary="What we learned at the second cross-government Open Source meetup.",
            body=body("click here"),
        )
        data["action-submit"] = "1"
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.add_url(), data)
        self.assertEqual(response.status_code, 302)
        post = PostPage.objects.get(title="Open Source meetup")
        self.assertEqual(
            [b.block_type for b in post.get_latest_revision_as_object().body],
            ["heading", "speaker", "list", "paragraph"],
        )
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox),
            ["reviewer@example.gov.uk", "second_reviewer@example.gov.uk"],
        )
        self.assertIn("click here", mail.outbox[0].body)

        # The writer sees the finding in the editor.
        response = self.client.get(self.edit_url(post))
        self.assertContains(response, "“click here” does not say where the link goes")

        # 2. The reviewer sees the findings on the review screen and asks for changes.
        self.login(self.reviewer)
        task_state = post.current_workflow_task_state
        modal = self.client.get(
            reverse("wagtailadmin_pages:workflow_action", args=[post.pk, "reject", task_state.pk])
        )
        self.assertContains(modal, "does not say where the link goes")
        self.assertContains(
            self.client.get(self.edit_url(post)), "does not say where the link goes"
        )
        mail.outbox.clear()
        self.workflow_action(post, "reject", {"comment": "Please describe the link."})
        self.assertEqual(post.current_workflow_state.status, "needs_changes")
        self.assertEqual([m.to for m in mail.outbox], [["writer@example.gov.uk"]])
        self.assertIn("Please describe the link.", mail.outbox[0].body)

        # 3. The writer fixes it and submits again: the checks pass this time.
        self.login(self.writer)
        mail.outbox.clear()
        data = post_form(
            "Open Source meetup",
            authors=[self.author],
            page=post,
            summary="What we learned at the second cross-government Open Source meetup.",
            body=body("the Service Manual"),
        )
        with self.captureOnCommitCallbacks(execute=True):
            self.post_edit(post, data, action_submit="1")
        post = self.reload(post)
        self.assertEqual(type(post.current_workflow_task).__name__, "BlogReviewTask")
        self.assertEqual(len(mail.outbox), 2)

        # 4. The reviewer approves, and the post is live at its dated address.
        self.login(self.reviewer)
        mail.outbox.clear()
        self.workflow_action(post, "approve", {"comment": "Thanks, publishing now."})
        post = self.reload(post)
        self.assertTrue(post.live)
        self.assertRegex(post.url, r"^/technology/\d{4}/\d{2}/\d{2}/open-source-meetup/$")
        page = self.client.get(post.url)
        self.assertContains(page, "Jason Paige")
        self.assertContains(page, "make use of peer reviews")
        self.assertEqual([m.to for m in mail.outbox], [["writer@example.gov.uk"]])
        self.assertIn("Thanks, publishing now.", mail.outbox[0].body)

        # 5. The audit log shows each step, and who took it.
        steps = [
            (entry.action, entry.user and entry.user.username)
            for entry in PageLogEntry.objects.filter(page=post).order_by("timestamp", "pk")
        ]
        expected = [
            ("wagtail.create", "writer"),
            ("editorial.checks.findings", None),
            ("wagtail.workflow.start", "writer"),
            ("wagtail.workflow.reject", "reviewer"),
            ("wagtail.edit", "writer"),
            ("wagtail.workflow.resume", "writer"),
            ("wagtail.workflow.approve", None),
            ("wagtail.workflow.approve", "reviewer"),
            ("wagtail.publish", "reviewer"),
        ]
        remaining = iter(steps)
        for step in expected:
            self.assertIn(step, remaining, f"{step} missing or out of order in {steps}")
        history = self.client.get(reverse("wagtailadmin_pages:history", args=[post.pk]))
        self.assertContains(history, "Content checks found 1 problem")
        self.assertTrue(ContentFinding.objects.filter(rule="link_text").exists())
