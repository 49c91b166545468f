"""Defect 5: a second post with the same title failed with an error hidden on the Promote
tab, and Wagtail 8's autosave could leave drafts behind a failed create."""

import html
from unittest import mock

from bs4 import BeautifulSoup

from django.contrib.messages import get_messages
from django.core.cache import cache

from wagtail.models import Page, Revision

from demo.factories import make_post, make_user
from posts import drafts, editor
from posts.models import PostPage
from tests.editorial.base import EditorialTestCase, post_form

AUTOSAVE = {"HTTP_ACCEPT": "application/json"}


class SlugTestCase(EditorialTestCase):
    def open_form(self, user=None):
        """The draft key of a freshly opened Add form, as the browser holds it."""
        self.login(user or self.writer)
        soup = BeautifulSoup(self.client.get(self.add_url()).content, "html.parser")
        return soup.find("input", attrs={"name": "draft_key"})["value"]

    def create(self, data, **headers):
        """Send the Add form, committing as a request does (posts.editor remembers the
        post a form created once the request commits)."""
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.add_url(), data, **headers)

    def form(self, title="Weekly notes", **fields):
        return post_form(title, authors=[self.author], **fields)

    def posts(self, title="Weekly notes"):
        return PostPage.objects.filter(title=title).order_by("pk")

    def revisions(self):
        return Revision.page_revisions.filter(object_id__in=[str(p.pk) for p in self.posts()])


class UniqueSlugs(SlugTestCase):
    def test_a_second_post_with_the_same_title_gets_a_numbered_slug(self):
        for _ in range(3):
            response = self.create(self.form(draft_key=self.open_form()))
            self.assertEqual(response.status_code, 302)
        self.assertEqual(
            [p.slug for p in self.posts()], ["weekly-notes", "weekly-notes-2", "weekly-notes-3"]
        )

    def test_a_form_sent_before_the_slug_was_filled_in_gets_one_from_the_title(self):
        # Found in Chromium: the title typed and Submit clicked before the editor's script
        # copied it into the slug, which was then refused as required.
        make_post(self.blog, "Weekly notes", authors=[self.author])
        data = self.form(draft_key=self.open_form())
        data.update({"slug": "", "action-submit": "1"})
        self.assertEqual(self.create(data).status_code, 302)
        self.assertEqual([p.slug for p in self.posts()], ["weekly-notes", "weekly-notes-2"])

    def test_autosave_sends_the_new_slug_back_to_the_form(self):
        make_post(self.blog, "Weekly notes", authors=[self.author])
        response = self.client.post(
            self.add_url(), self.form(draft_key=self.open_form()), **AUTOSAVE
        )
        self.assertTrue(response.json()["success"], response.json())
        self.assertEqual(response.json()["field_updates"]["slug"], "weekly-notes-2")

    def test_a_slug_made_from_a_punctuated_title_counts_as_made(self):
        make_post(self.blog, "Open Source: 7 things", authors=[self.author])
        data = self.form("Open Source: 7 things", slug="open-source-7-things")
        self.create(data | {"draft_key": self.open_form()})
        self.assertEqual(self.posts("Open Source: 7 things")[1].slug, "open-source-7-things-2")

    def test_a_slug_the_writer_typed_is_theirs_to_change(self):
        make_post(self.blog, "Weekly notes", authors=[self.author])
        pages = Page.objects.count()
        data = self.form("My own title", slug="weekly-notes", draft_key=self.open_form())
        response = self.create(data)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Page.objects.count(), pages)
        message = html.unescape(" ".join(str(m) for m in get_messages(response.wsgi_request)))
        self.assertIn(
            "On the Promote tab, slug: The slug 'weekly-notes' is already in use", message
        )

    def test_a_published_post_never_changes_its_slug(self):
        live = make_post(self.blog, "Weekly notes", authors=[self.author])
        other = make_post(self.blog, "Other notes", authors=[self.author])
        self.login(self.reviewer)
        data = post_form("Weekly notes", authors=[self.author], page=other, slug="weekly-notes")
        response = self.post_edit(other, data)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(PostPage.objects.get(pk=other.pk).slug, "other-notes")
        self.assertEqual(PostPage.objects.get(pk=live.pk).slug, "weekly-notes")

    def test_an_unpublished_draft_renamed_like_another_post_is_renumbered(self):
        make_post(self.blog, "Weekly notes", authors=[self.author])
        self.create(self.form("Draft", draft_key=self.open_form()))
        draft = self.posts("Draft").get()
        data = post_form("Weekly notes", authors=[self.author], page=draft, slug="weekly-notes")
        self.assertEqual(self.post_edit(draft, data).status_code, 302)
        self.assertEqual(self.reload(draft).get_latest_revision_as_object().slug, "weekly-notes-2")


class Autosave(SlugTestCase):
    def test_one_form_sent_twice_makes_one_post_and_one_revision(self):
        key = self.open_form()
        for _ in range(2):
            response = self.create(self.form(draft_key=key), **AUTOSAVE)
            self.assertTrue(response.json()["success"], response.json())
        post = self.posts().get()
        # The second answer, too, moves the form on to the post's edit view.
        self.assertEqual(response.json()["url"], self.edit_url(post))
        self.assertEqual(post.slug, "weekly-notes")
        self.assertEqual(self.revisions().count(), 1)
        self.assertEqual(
            list(post.post_authors.values_list("person", flat=True)), [self.author.pk]
        )

    def test_save_after_an_autosave_edits_the_autosaved_post(self):
        key = self.open_form()
        self.create(self.form(draft_key=key), **AUTOSAVE)
        response = self.create(self.form(draft_key=key, summary="Better."))
        post = self.posts().get()
        self.assertRedirects(response, self.edit_url(post), fetch_redirect_response=False)
        self.assertEqual(post.get_latest_revision_as_object().summary, "Better.")
        self.assertEqual(post.post_authors.count(), 1)

    def test_two_forms_with_the_same_title_make_two_posts(self):
        for _ in range(2):
            data = self.form(draft_key=self.open_form())
            self.assertTrue(self.create(data, **AUTOSAVE).json()["success"])
        self.assertEqual([p.slug for p in self.posts()], ["weekly-notes", "weekly-notes-2"])
        self.assertEqual(self.revisions().count(), 2)

    def test_a_failed_create_leaves_nothing_behind(self):
        make_post(self.blog, "Weekly notes", authors=[self.author])
        key = self.open_form()
        pages, revisions = Page.objects.count(), Revision.objects.count()
        data = self.form("Typed slug", slug="weekly-notes", draft_key=key)
        for _ in range(2):
            response = self.create(data, **AUTOSAVE)
            self.assertEqual(response.json()["error_code"], "validation_error")
        self.assertEqual((Page.objects.count(), Revision.objects.count()), (pages, revisions))
        # The form's next request, with the slug fixed, creates the post at once.
        data = self.form("Typed slug", slug="typed-slug", draft_key=key)
        self.assertTrue(self.create(data, **AUTOSAVE).json()["success"])

    def test_another_writer_cannot_use_someone_elses_form(self):
        key = self.open_form()
        self.create(self.form(draft_key=key), **AUTOSAVE)
        colleague = make_user("colleague", (self.blog, "writers"))
        self.login(colleague)
        self.create(self.form(draft_key=key), **AUTOSAVE)
        self.assertEqual([p.owner for p in self.posts()], [self.writer, colleague])

    def test_a_deleted_post_is_created_again(self):
        key = self.open_form()
        self.create(self.form(draft_key=key), **AUTOSAVE)
        self.posts().get().delete()
        self.create(self.form(draft_key=key), **AUTOSAVE)
        self.assertEqual(self.posts().count(), 1)

    def test_a_claim_that_never_finishes_does_not_block_the_form(self):
        key = self.open_form()
        cache.set(drafts.claim_name(self.writer, key), drafts.CREATING)
        with mock.patch.object(editor, "WAIT_SECONDS", 0.05):
            response = self.create(self.form(draft_key=key), **AUTOSAVE)
        self.assertTrue(response.json()["success"])
        self.assertEqual(self.posts().count(), 1)
