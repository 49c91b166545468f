"""Admin attacks by a writer that are not about the workflow (tests/editorial has those):
settings they have no right to, pages of another blog (copy, history, compare, revisions,
preview, usage), and deleting someone else's draft. Each is refused (403, or Wagtail's
redirect with a permission error) and checked in the database afterwards."""

from django.contrib.messages import get_messages
from django.urls import reverse

from wagtail.models import Page, PageLogEntry, Revision, Site

from demo.factories import make_post
from home.models import NetworkSettings
from posts.models import PostPage

from .base import TwoBlogsTestCase


class WriterAttackTests(TwoBlogsTestCase):
    def setUp(self):
        self.client.force_login(self.writer)

    def assertRefused(self, response, what=""):
        if response.status_code in (403, 404, 405):  # 405: the action takes POST only
            return
        location = response.get("Location", "")
        if (
            response.status_code == 302
            and location.startswith("/admin/")
            and location != "/admin/"
        ):
            # An index that forwards to the real view (revisions -> history, settings -> site).
            return self.assertRefused(self.client.get(location), what)
        self.assertEqual(response.status_code, 302, what)
        self.assertEqual(response["Location"], reverse("wagtailadmin_home"), what)
        errors = [str(m) for m in get_messages(response.wsgi_request)]
        self.assertTrue(any("permission" in e.lower() for e in errors), (what, errors))

    def test_settings_and_administration_they_have_no_right_to(self):
        network = NetworkSettings.load()
        url = reverse("wagtailsettings:edit", args=["home", "networksettings"])
        self.assertRefused(self.client.get(url), "network settings")
        self.assertRefused(
            self.client.post(
                url,
                {
                    "network_name": "Hijacked",
                    "banner_enabled": "on",
                    "banner_text": "Pwned",
                    "banner_link": "https://evil.example/",
                },
            ),
            "network settings",
        )
        network.refresh_from_db()
        self.assertNotEqual(network.network_name, "Hijacked")
        self.assertFalse(network.banner_enabled)
        for name in (
            "wagtailsites:index",
            "wagtailusers_users:index",
            "wagtailusers_groups:index",
            "wagtailadmin_workflows:index",
            "wagtailredirects:index",
            "wagtailsearchpromotions:index",
        ):
            with self.subTest(name):
                self.assertRefused(self.client.get(reverse(name)), name)
        site = Site.objects.get()
        self.assertRefused(
            self.client.post(
                reverse("wagtailsites:edit", args=[site.pk]),
                {
                    "hostname": "evil.example",
                    "port": "80",
                    "site_name": "x",
                    "root_page": self.other_blog.pk,
                    "is_default_site": "on",
                },
            )
        )
        self.assertNotEqual(Site.objects.get().hostname, "evil.example")

    def test_pages_of_another_blog(self):
        page = self.other_draft
        revision = page.latest_revision
        for name, args in (
            ("wagtailadmin_pages:edit", [page.pk]),
            ("wagtailadmin_pages:history", [page.pk]),
            ("wagtailadmin_pages:revisions_index", [page.pk]),
            ("wagtailadmin_pages:revisions_view", [page.pk, revision.pk]),
            ("wagtailadmin_pages:revisions_compare", [page.pk, "earliest", "latest"]),
            ("wagtailadmin_pages:view_draft", [page.pk]),
            ("wagtailadmin_pages:preview_on_edit", [page.pk]),
            ("wagtailadmin_pages:workflow_history", [page.pk]),
            ("wagtailadmin_pages:usage", [page.pk]),
            ("wagtailadmin_pages:copy", [page.pk]),
            ("wagtailadmin_pages:delete", [page.pk]),
            ("wagtailadmin_pages:move", [page.pk]),
            ("wagtailadmin_pages:lock", [page.pk]),
            ("wagtailadmin_pages:unpublish", [self.other_post.pk]),
        ):
            with self.subTest(name):
                url = reverse(name, args=args)
                response = self.client.get(url)
                self.assertRefused(response, name)
                self.assertNotIn(b"secret draft", getattr(response, "content", b""))
                if name.endswith(("lock", "unpublish", "delete", "move", "copy")):
                    self.assertRefused(self.client.post(url), f"POST {name}")
        page.refresh_from_db()
        self.assertIsNone(page.locked_by)
        self.assertTrue(PostPage.objects.get(pk=self.other_post.pk).live)

    def test_copying_a_page_they_cannot_see(self):
        before = Page.objects.count()
        response = self.client.post(
            reverse("wagtailadmin_pages:copy", args=[self.other_draft.pk]),
            {"new_title": "Stolen", "new_slug": "stolen", "new_parent_page": self.blog.pk},
        )
        self.assertRefused(response, "copy into own blog")
        # Nor their own post into a blog they cannot write for.
        response = self.client.post(
            reverse("wagtailadmin_pages:copy", args=[self.post.pk]),
            {"new_title": "Planted", "new_slug": "planted", "new_parent_page": self.other_blog.pk},
        )
        self.assertEqual(Page.objects.count(), before)
        self.assertFalse(Page.objects.filter(slug__in=["stolen", "planted"]).exists())

    def test_previewing_another_blogs_page_with_posted_content(self):
        response = self.client.post(
            reverse("wagtailadmin_pages:preview_on_edit", args=[self.other_post.pk]),
            {"title": "Defaced", "slug": "other-live-post"},
        )
        self.assertRefused(response, "preview post")
        self.assertFalse(Revision.objects.filter(content__title="Defaced").exists())

    def test_deleting_someone_elses_draft(self):
        colleague_draft = make_post(
            self.blog,
            "Colleague's draft",
            authors=[self.author],
            publish=False,
            owner=self.second_writer,
        )
        for page in (colleague_draft, self.other_draft):
            with self.subTest(page.title):
                url = reverse("wagtailadmin_pages:delete", args=[page.pk])
                self.assertRefused(self.client.get(url))
                self.assertRefused(self.client.post(url))
                self.assertTrue(PostPage.objects.filter(pk=page.pk).exists())
        # Through the bulk action too.
        url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
        self.client.post(f"{url}?id={colleague_draft.pk}&id={self.other_draft.pk}")
        self.assertTrue(PostPage.objects.filter(pk=colleague_draft.pk).exists())
        self.assertTrue(PostPage.objects.filter(pk=self.other_draft.pk).exists())
        deleted = PageLogEntry.objects.filter(action="wagtail.delete", user__isnull=False)
        self.assertFalse(deleted.exists(), list(deleted.values_list("label", "user__username")))

    def test_their_own_draft_they_may_delete(self):
        own = make_post(
            self.blog, "My own draft", authors=[self.author], publish=False, owner=self.writer
        )
        url = reverse("wagtailadmin_pages:delete", args=[own.pk])
        self.assertEqual(self.client.post(url).status_code, 302)
        self.assertFalse(PostPage.objects.filter(pk=own.pk).exists())
