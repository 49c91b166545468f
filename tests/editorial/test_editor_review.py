"""The reviewer's loop as the writer meets it in the admin: "New post" where they start,
the reviewer's request for changes at the top of the editor, findings that lead to their
block, wording that says they can fix the post, and one "Resubmit for review"."""

import datetime

from bs4 import BeautifulSoup

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.html import escape

from wagtail.models import WorkflowState

from demo.factories import make_user
from editorial.locks import ReviewLock
from posts.models import Person
from security.groups import WRITERS
from tests.editorial.base import CLEAN_TEXT, EditorialTestCase, paragraph, post_form
from tests.editorial.test_snippet_workflow import person_data, snippet_url

LONG_SUMMARY = "x" * 200
CLICK_HERE = '<p>Read <a href="https://www.gov.uk/service-manual">click here</a>.</p>'


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def checks_panel(response):
    return soup(response).find(id="panel-child-content-content_checks-content")


def footer(response):
    return soup(response).find("nav", attrs={"aria-label": "Actions (footer)"})


class NewPostButtons(EditorialTestCase):
    def new_post_links(self, response):
        return [a["href"] for a in soup(response).find_all("a") if "New post" in a.get_text()]

    def test_the_blogs_explorer_has_a_new_post_button(self):
        for user in (self.writer, self.reviewer):
            self.login(user)
            response = self.client.get(reverse("wagtailadmin_explore", args=[self.blog.pk]))
            self.assertEqual(response.status_code, 200)
            self.assertEqual(self.new_post_links(response), [self.add_url()])
            # The page listing still shows every child of the blog, and searches them.
            self.assertContains(response, "Live post")
            results = self.client.get(
                reverse("wagtailadmin_explore_results", args=[self.blog.pk]), {"q": "live"}
            )
            self.assertContains(results, "Live post")
        # Wagtail's "Add child page" still offers every type a blog takes.
        response = self.client.get(reverse("wagtailadmin_pages:add_subpage", args=[self.blog.pk]))
        self.assertContains(response, self.add_url())
        self.assertContains(response, "Standard page")

    def test_no_new_post_button_where_posts_cannot_go(self):
        self.login(make_user("admin", is_superuser=True))
        response = self.client.get(reverse("wagtailadmin_explore", args=[self.home.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.new_post_links(response), [])

    def test_a_writer_of_another_blog_gets_no_button_there(self):
        self.login(self.other_writer)
        response = self.client.get(reverse("wagtailadmin_explore", args=[self.blog.pk]))
        # Wagtail sends them to what they may explore: their own blog.
        self.assertRedirects(response, reverse("wagtailadmin_explore", args=[self.other_blog.pk]))

    def test_the_dashboard_offers_a_new_post_on_each_blog_the_user_writes_for(self):
        self.login(self.writer)
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertEqual(self.new_post_links(response), [self.add_url()])
        panel = soup(response).find(attrs={"data-new-post": True})
        self.assertIn("Government Technology", panel.get_text())

        self.login(make_user("admin", is_superuser=True))
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertEqual(
            sorted(self.new_post_links(response)),
            sorted([self.add_url(), self.add_url(self.other_blog)]),
        )

    def test_no_new_post_panel_for_someone_who_writes_for_no_blog(self):
        user = make_user("no_blog")
        user.groups.add(Group.objects.get(name=WRITERS))
        self.login(user)
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.new_post_links(response), [])
        self.assertNotContains(response, "data-new-post")


class ChangeRequestInTheEditor(EditorialTestCase):
    def submit_clean_post(self):
        """A post that passes the checks: it waits for the reviewers' approval."""
        post = self.create_post(self.writer, submit=True)
        self.assertEqual(type(post.current_workflow_task).__name__, "BlogReviewTask")
        return post

    def request_changes(self, post, comment):
        self.login(self.reviewer)
        self.workflow_action(post, "reject", {"comment": comment})
        self.assertEqual(post.current_workflow_state.status, WorkflowState.STATUS_NEEDS_CHANGES)

    def change_request(self, response):
        return checks_panel(response).find(attrs={"data-editorial-change-request": True})

    def test_the_writer_sees_who_asked_when_and_why_at_the_top(self):
        post = self.submit_clean_post()
        self.request_changes(post, "Please add a photo of the event.\nAnd say who spoke.")
        self.login(self.writer)
        panel = checks_panel(self.client.get(self.edit_url(post)))
        request = panel.find(attrs={"data-editorial-change-request": True})
        self.assertIsNotNone(request)
        # First in the panel, before the findings.
        self.assertIs(panel.find(True), request)
        text = " ".join(request.get_text(" ").split())
        self.assertIn("Changes requested", text)
        self.assertIn("Reviewer asked for changes", text)
        self.assertIn("Please add a photo of the event.", text)
        self.assertIn("And say who spoke.", text)
        self.assertIn("Resubmit for review", text)
        state = post.current_workflow_state.current_task_state
        when = datetime.datetime.fromisoformat(request.find("time")["datetime"])
        self.assertEqual(when, state.finished_at)
        # A heading names the region for screen readers.
        heading = request.find(["h2", "h3"])
        self.assertEqual(request["aria-labelledby"], heading["id"])

    def test_a_request_from_the_content_checks_step_shows_too(self):
        post = self.create_post(self.writer, submit=True, summary=LONG_SUMMARY)
        self.assertEqual(type(post.current_workflow_task).__name__, "ContentChecksTask")
        self.request_changes(post, "Shorten the summary, please.")
        self.login(self.writer)
        request = self.change_request(self.client.get(self.edit_url(post)))
        self.assertIn("Shorten the summary, please.", request.get_text())

    def test_the_comment_is_escaped(self):
        post = self.submit_clean_post()
        self.request_changes(post, '<script>alert("x")</script>')
        self.login(self.writer)
        response = self.client.get(self.edit_url(post))
        self.assertNotContains(response, '<script>alert("x")</script>')
        self.assertContains(response, escape('<script>alert("x")</script>'))

    def test_after_resubmitting_the_request_stays_as_earlier_in_this_review(self):
        post = self.submit_clean_post()
        self.request_changes(post, "Please add a photo of the event.")
        self.login(self.writer)
        data = post_form(authors=[self.author], page=post)
        with self.captureOnCommitCallbacks(execute=True):
            self.post_edit(post, data, action_submit="1")
        post = self.reload(post)
        self.assertEqual(post.current_workflow_state.status, WorkflowState.STATUS_IN_PROGRESS)
        request = self.change_request(self.client.get(self.edit_url(post)))
        text = " ".join(request.get_text(" ").split())
        self.assertIn("earlier in this review", text)
        self.assertIn("Please add a photo of the event.", text)
        self.assertNotIn("Resubmit for review", text)

        # Once the review is over, the request is history, not a to-do.
        self.login(self.second_reviewer)
        self.workflow_action(post, "approve", {"comment": ""})
        post = self.reload(post)
        self.assertTrue(post.live)
        self.login(self.writer)
        self.assertIsNone(self.change_request(self.client.get(self.edit_url(post))))

    def test_no_request_no_box(self):
        post = self.submit_clean_post()
        self.login(self.writer)
        self.assertIsNone(self.change_request(self.client.get(self.edit_url(post))))


class FindingsLinkToTheirBlock(EditorialTestCase):
    def test_each_finding_links_to_its_block_or_field(self):
        post = self.create_post(
            self.writer, summary=LONG_SUMMARY, body=[paragraph(CLEAN_TEXT), paragraph(CLICK_HERE)]
        )
        block_id = post.get_latest_revision_as_object().body[1].id
        self.assertTrue(block_id)
        self.login(self.writer)
        response = self.client.get(self.edit_url(post))
        links = {
            " ".join(a.get_text(" ").split()): a
            for a in checks_panel(response).select("[data-editorial-findings] a")
        }
        link = links["Block 2 (paragraph)"]
        # Wagtail 8 renders each stream block as section#block-<id>-section.
        self.assertEqual(link["href"], f"#block-{block_id}-section")
        self.assertEqual(link["data-editorial-block"], block_id)
        self.assertEqual(links["Summary"]["href"], "#panel-child-content-summary-section")
        self.assertIn(f'id="{links["Summary"]["href"][1:]}"', response.content.decode())

    def test_the_editor_loads_the_script_and_styles_that_highlight_the_block(self):
        self.login(self.writer)
        response = self.client.get(self.edit_url(self.live_post))
        page = soup(response)
        scripts = [s.get("src", "") for s in page.find_all("script")]
        styles = [link.get("href", "") for link in page.find_all("link", rel="stylesheet")]
        self.assertTrue(any("editorial/editor.js" in src for src in scripts), scripts)
        self.assertTrue(any("editorial/editor.css" in href for href in styles), styles)


class TheWriterCanFixAndResubmit(EditorialTestCase):
    def test_one_resubmit_for_review_as_the_main_action(self):
        post = self.create_post(self.writer, submit=True)
        self.login(self.reviewer)
        self.workflow_action(post, "reject", {"comment": "Please add a photo."})
        self.login(self.writer)
        nav = footer(self.client.get(self.edit_url(post)))
        primary = nav.select_one(".w-dropdown-button > button")
        self.assertEqual(primary["name"], "action-submit")
        self.assertEqual(" ".join(primary.get_text(" ").split()), "Resubmit for review")
        names = [button.get("name") for button in nav.find_all("button")]
        self.assertEqual(names.count("action-submit"), 1)
        self.assertNotIn("action-restart-workflow", names)
        self.assertNotIn("Resubmit to", nav.get_text())
        self.assertIn("Save draft", nav.get_text())

        # The button does what it says: the post goes back into review.
        with self.captureOnCommitCallbacks(execute=True):
            self.post_edit(post, post_form(authors=[self.author], page=post), action_submit="1")
        post = self.reload(post)
        self.assertEqual(post.current_workflow_state.status, WorkflowState.STATUS_IN_PROGRESS)

    def test_a_first_submission_keeps_its_label(self):
        self.login(self.writer)
        nav = footer(self.client.get(self.add_url()))
        self.assertIn("Submit to Blog post review", nav.get_text())
        self.assertNotIn("Resubmit for review", nav.get_text())

    def test_the_lock_wording_says_the_writer_can_still_edit(self):
        post = self.create_post(self.writer, submit=True, summary=LONG_SUMMARY)
        task = post.current_workflow_task
        lock = ReviewLock(post, task)
        self.assertFalse(lock.for_user(self.writer))
        writer = lock.get_context_for_user(self.writer, {"user_can_lock": False})
        self.assertEqual(writer["locked_by"], "Open for changes")
        self.assertIn("You can still edit this page", writer["description"])
        self.assertNotIn("Only reviewers", writer["description"])
        reviewer = lock.get_context_for_user(self.reviewer, {"user_can_lock": True})
        self.assertIn("lock it", reviewer["description"])
        self.assertNotIn("Only reviewers", reviewer["description"])


class ResubmitASnippet(EditorialTestCase):
    """People and categories go through the same review: the same one action."""

    def test_a_person_sent_back_has_one_resubmit_for_review(self):
        self.login(self.writer)
        data = person_data(self.author, job_title="Head of Writing", **{"action-submit": 1})
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(snippet_url(self.author, "edit"), data)
        person = Person.objects.get(pk=self.author.pk)
        task_state = person.current_workflow_task_state
        self.login(self.reviewer)
        url = snippet_url(person, "workflow_action", "reject", task_state.pk)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(url, {"comment": "Which team?"})
        self.assertEqual(person.current_workflow_state.status, WorkflowState.STATUS_NEEDS_CHANGES)
        self.login(self.writer)
        nav = footer(self.client.get(snippet_url(person, "edit")))
        primary = nav.select_one(".w-dropdown-button > button")
        self.assertEqual(primary["name"], "action-submit")
        self.assertEqual(" ".join(primary.get_text(" ").split()), "Resubmit for review")
        names = [button.get("name") for button in nav.find_all("button")]
        self.assertEqual(names.count("action-submit"), 1)
        self.assertNotIn("action-restart-workflow", names)
        self.assertNotIn("Resubmit to", nav.get_text())
