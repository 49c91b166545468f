"""Groups, permissions and the review workflow, as the migrations and a new blog make them."""

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import (
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
)
from wagtail.signals import (
    task_submitted,
    workflow_approved,
    workflow_rejected,
    workflow_submitted,
)

from demo.factories import make_blog, make_user
from demo.workflow import DRAFT, SUBMITTED, create_workflow_demo
from editorial.models import BlogReviewTask, BlogRoles, ContentChecksTask
from posts.models import PostPage
from tests.editorial.base import EditorialTestCase


def page_codenames(group, page=None):
    perms = GroupPagePermission.objects.filter(group=group)
    if page is not None:
        perms = perms.filter(page=page)
    return set(perms.values_list("permission__codename", flat=True))


def model_codenames(group):
    return set(group.permissions.values_list("codename", flat=True))


class SiteWideRoles(EditorialTestCase):
    def test_writers(self):
        writers = Group.objects.get(name="Writers")
        self.assertEqual(page_codenames(writers), set())
        self.assertEqual(
            model_codenames(writers),
            {
                "access_admin",
                *("add_person", "change_person", "view_person"),
                *("add_category", "change_category", "view_category"),
            },
        )  # changing a person or category makes a draft: writers never publish one
        collection = set(
            GroupCollectionPermission.objects.filter(group=writers).values_list(
                "permission__codename", flat=True
            )
        )
        self.assertEqual(
            collection, {"add_image", "choose_image", "add_document", "choose_document"}
        )

    def test_reviewers(self):
        reviewers = Group.objects.get(name="Reviewers")
        self.assertEqual(page_codenames(reviewers), set())
        self.assertTrue({"change_person", "delete_category"} <= model_codenames(reviewers))
        self.assertTrue(
            {"add_searchpromotion", "change_searchpromotion", "delete_searchpromotion"}
            <= model_codenames(reviewers)
        )
        self.assertNotIn("change_user", model_codenames(reviewers))

    def test_administrators(self):
        admins = Group.objects.get(name="Administrators")
        root = Page.get_first_root_node()
        self.assertTrue(
            {"add_page", "change_page", "publish_page"} <= page_codenames(admins, root)
        )
        self.assertTrue(
            {"change_user", "change_site", "change_networksettings", "add_workflow"}
            <= model_codenames(admins)
        )

    def test_wagtails_tree_wide_starter_groups_are_gone(self):
        self.assertFalse(Group.objects.filter(name__in=["Editors", "Moderators"]).exists())

    def test_review_workflow(self):
        workflow = Workflow.objects.get(name="Blog post review")
        tasks = [task.specific for task in workflow.tasks]
        self.assertEqual([type(task) for task in tasks], [ContentChecksTask, BlogReviewTask])
        self.assertTrue(
            {"Reviewers", "Administrators", "Government Technology reviewers"}
            <= set(tasks[1].groups.values_list("name", flat=True))
        )

    def test_wagtails_own_workflow_emails_are_off(self):
        for signal in (task_submitted, workflow_submitted, workflow_approved, workflow_rejected):
            receivers = [str(r[0][0]) for r in signal.receivers]
            self.assertFalse([r for r in receivers if "email_notification" in r], receivers)


class BlogRolesTest(EditorialTestCase):
    def test_a_new_blog_gets_its_groups_and_the_workflow(self):
        blog = make_blog(self.home, "Data in government", slug="data")
        roles = BlogRoles.objects.get(blog=blog)
        self.assertEqual(roles.writers.name, "Data in government writers")
        self.assertEqual(roles.reviewers.name, "Data in government reviewers")
        self.assertEqual(page_codenames(roles.writers, blog), {"add_page", "change_page"})
        self.assertEqual(
            page_codenames(roles.reviewers, blog),
            {"add_page", "change_page", "publish_page", "lock_page", "unlock_page"},
        )
        self.assertEqual(page_codenames(roles.writers), page_codenames(roles.writers, blog))
        self.assertEqual(WorkflowPage.objects.get(page=blog).workflow.name, "Blog post review")
        post = PostPage(title="x", slug="x", summary="x", body=[])
        blog.add_child(instance=post)
        self.assertEqual(post.get_workflow().name, "Blog post review")

    def test_renaming_a_blog_renames_its_groups(self):
        self.blog.title = "GDS Technology"
        self.blog.save_revision().publish()
        roles = BlogRoles.objects.get(blog=self.blog)
        self.assertEqual(roles.writers.name, "GDS Technology writers")

    def test_two_blogs_with_one_title(self):
        blog = make_blog(self.home, "Government Technology", slug="technology-2")
        self.assertEqual(
            BlogRoles.objects.get(blog=blog).writers.name,
            "Government Technology (technology-2) writers",
        )

    def test_blog_groups_alone_scope_a_writer(self):
        self.assertTrue(self.live_post.permissions_for_user(self.writer).can_edit())
        self.assertFalse(self.live_post.permissions_for_user(self.writer).can_publish())
        self.assertFalse(self.other_live_post.permissions_for_user(self.writer).can_edit())
        self.assertTrue(self.live_post.permissions_for_user(self.reviewer).can_publish())
        self.assertFalse(self.other_live_post.permissions_for_user(self.reviewer).can_publish())


class Demo(EditorialTestCase):
    def test_dashboards(self):
        writer = make_user("demo_writer")
        reviewer = make_user("demo_reviewer")
        create_workflow_demo(writer, reviewer, self.blog)
        create_workflow_demo(writer, reviewer, self.blog)  # idempotent
        self.assertTrue(writer.groups.filter(name="Government Technology writers").exists())
        draft = PostPage.objects.get(slug=DRAFT["slug"])
        submitted = PostPage.objects.get(slug=SUBMITTED["slug"])
        self.assertIsNone(draft.current_workflow_state)
        self.assertEqual(type(submitted.current_workflow_task), BlogReviewTask)

        self.client.force_login(writer)
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(response, DRAFT["title"])
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk]))
        self.assertContains(response, "does not say where the link goes")

        self.client.force_login(reviewer)
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(response, "Awaiting your review")
        self.assertContains(response, SUBMITTED["title"])
