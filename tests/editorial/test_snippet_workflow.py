"""People and categories through the `Blog post review` workflow: submitted by writers,
approved (and so published) by reviewers, with the same e-mails as posts."""

from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from wagtail.models import TaskState, WorkflowContentType, WorkflowState

from demo.factories import make_category, make_user
from editorial.models import BlogReviewTask, ContentChecksTask, ContentFinding
from editorial.workflow import REVIEW_WORKFLOW_NAME, assign_snippet_workflow, get_review_workflow
from posts.models import Category, Person
from tests.editorial.base import EditorialTestCase


def snippet_url(obj, view, *args):
    return reverse(f"wagtailsnippets_posts_{obj._meta.model_name}:{view}", args=[obj.pk, *args])


def person_data(person, **fields):
    data = {
        "name": person.name,
        "slug": person.slug,
        "job_title": person.job_title,
        "organisation": person.organisation,
        "bio": person.bio,
        "photo": "",
    }
    return {**data, **fields}


class SnippetReview(EditorialTestCase):
    def edit(self, user, obj, data, **actions):
        self.login(user)
        for name, value in actions.items():
            data[name.replace("_", "-")] = value
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(snippet_url(obj, "edit"), data)
        self.assertEqual(response.status_code, 302, getattr(response, "context", None))
        return type(obj).objects.get(pk=obj.pk)

    def submit_job_title(self, job_title="Head of Writing"):
        person = self.edit(
            self.writer,
            self.author,
            person_data(self.author, job_title=job_title),
            action_submit=1,
        )
        return person, person.current_workflow_state

    def act(self, user, obj, action, data=None):
        self.login(user)
        task_state = obj.current_workflow_task_state
        url = snippet_url(obj, "workflow_action", action, task_state.pk)
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(url, data or {})

    def test_people_and_categories_are_on_the_review_workflow(self):
        for model in (Person, Category):
            self.assertEqual(model.get_default_workflow().name, REVIEW_WORKFLOW_NAME)
        WorkflowContentType.objects.all().delete()
        self.assertEqual(assign_snippet_workflow(), get_review_workflow())
        self.assertEqual(Category.get_default_workflow().name, REVIEW_WORKFLOW_NAME)

    def test_the_checks_pass_a_snippet_and_it_waits_for_a_reviewer(self):
        person, workflow_state = self.submit_job_title()
        self.assertEqual(workflow_state.status, WorkflowState.STATUS_IN_PROGRESS)
        self.assertIsInstance(person.current_workflow_task, BlogReviewTask)
        checks = workflow_state.task_states.get(task__in=ContentChecksTask.objects.all())
        self.assertEqual(checks.status, TaskState.STATUS_APPROVED)
        self.assertFalse(ContentFinding.objects.exists())
        self.assertEqual(person.job_title, "")  # readers keep the live version meanwhile

    def test_submitting_emails_the_reviewers_with_the_snippet_editor(self):
        self.submit_job_title()
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox),
            [
                "other_reviewer@example.gov.uk",
                "reviewer@example.gov.uk",
                "second_reviewer@example.gov.uk",
            ],
        )
        message = mail.outbox[0]
        self.assertEqual(message.subject, "[Bulletin] Waiting for your review: Khidr Suleman")
        self.assertIn('Writer has submitted the person "Khidr Suleman"', message.body)
        self.assertIn(
            f"http://testserver/admin/snippets/posts/person/edit/{self.author.pk}/", message.body
        )

    def test_a_writer_cannot_approve(self):
        person, _ = self.submit_job_title()
        self.assertEqual(person.current_workflow_task.get_actions(person, self.writer), [])
        response = self.act(self.writer, person, "approve")
        self.assertIn(response.status_code, (302, 403))
        person = Person.objects.get(pk=person.pk)
        self.assertEqual(person.job_title, "")
        self.assertTrue(person.workflow_in_progress)

    def test_a_reviewer_approves_which_publishes_it(self):
        person, _ = self.submit_job_title()
        mail.outbox.clear()
        self.act(self.reviewer, person, "approve", {"comment": "Thanks."})
        person = Person.objects.get(pk=person.pk)
        self.assertEqual(person.job_title, "Head of Writing")
        self.assertFalse(person.has_unpublished_changes)
        self.assertFalse(person.workflow_in_progress)
        self.assertEqual([m.to for m in mail.outbox], [["writer@example.gov.uk"]])
        self.assertEqual(
            mail.outbox[0].subject, "[Bulletin] Approved and published: Khidr Suleman"
        )
        self.assertIn("Thanks.", mail.outbox[0].body)
        self.assertIn(
            f"http://testserver/admin/snippets/posts/person/history/{person.pk}/",
            mail.outbox[0].body,
        )

    def test_requesting_changes_emails_the_writer(self):
        person, _ = self.submit_job_title()
        mail.outbox.clear()
        self.act(self.reviewer, person, "reject", {"comment": "Spell out the team."})
        person = Person.objects.get(pk=person.pk)
        self.assertEqual(person.current_workflow_state.status, WorkflowState.STATUS_NEEDS_CHANGES)
        self.assertEqual(person.job_title, "")
        self.assertEqual([m.to for m in mail.outbox], [["writer@example.gov.uk"]])
        self.assertEqual(mail.outbox[0].subject, "[Bulletin] Changes requested: Khidr Suleman")
        self.assertIn("Spell out the team.", mail.outbox[0].body)

    def test_approval_needs_the_task_group_and_the_publish_permission(self):
        person, _ = self.submit_job_title()
        task = person.current_workflow_task
        self.assertTrue(task.user_can_act(person, self.reviewer))
        # In a blog's reviewers group only, without the site-wide Reviewers: no publish_person.
        blog_only = make_user("blog_only")
        blog_only.groups.add(self.blog.roles.reviewers)
        self.assertFalse(task.user_can_act(person, blog_only))
        # Publishing people without being in the task's groups is not enough either.
        outsider = make_user("outsider")
        outsider.groups.add(Group.objects.get(name="Reviewers"))
        task.groups.remove(Group.objects.get(name="Reviewers"))
        outsider = type(outsider).objects.get(pk=outsider.pk)
        self.assertFalse(task.user_can_act(person, outsider))

    def test_the_review_queue_lists_snippets_for_those_who_may_publish_them(self):
        person, workflow_state = self.submit_job_title()
        snippet_state = workflow_state.current_task_state
        post = self.create_post(self.writer, "A post for review", submit=True)
        post_state = post.current_workflow_state.current_task_state
        for user, expected in (
            (self.reviewer, {snippet_state.pk, post_state.pk}),
            (self.other_reviewer, {snippet_state.pk}),  # not blog A's post
            (self.writer, set()),
        ):
            found = set(TaskState.objects.reviewable_by(user).values_list("pk", flat=True))
            self.assertEqual(found, expected, user)
        self.login(self.reviewer)
        dashboard = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(dashboard, snippet_url(person, "edit"))
        editor = self.client.get(snippet_url(person, "edit"))
        self.assertContains(editor, "Approve and publish")
        self.assertEqual(self.client.get(snippet_url(person, "history")).status_code, 200)

    def test_an_edit_during_the_review_starts_it_again_on_the_new_version(self):
        person, _ = self.submit_job_title("Head of Writing")
        first = person.current_workflow_task_state
        person = self.edit(self.writer, person, person_data(self.author, job_title="Editor"))
        first.refresh_from_db()
        self.assertEqual(first.status, TaskState.STATUS_CANCELLED)
        current = person.current_workflow_task_state
        self.assertEqual(current.revision, person.get_latest_revision())
        self.act(self.reviewer, person, "approve")
        self.assertEqual(Person.objects.get(pk=person.pk).job_title, "Editor")

    def test_a_blogs_category_names_its_blog_in_the_email(self):
        category = make_category("Open Source", blog=self.blog)
        data = {"name": "Open source", "slug": category.slug, "blog": self.blog.pk}
        self.edit(self.writer, category, {**data, "description": ""}, action_submit=1)
        self.assertIn('the category "Open source" (on Government Technology)', mail.outbox[0].body)
        category = Category.objects.get(pk=category.pk)
        self.assertEqual(category.name, "Open Source")
        mail.outbox.clear()
        self.act(self.reviewer, category, "approve")
        self.assertEqual(Category.objects.get(pk=category.pk).name, "Open source")
