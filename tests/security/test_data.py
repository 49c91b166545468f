"""Data integrity: two people saving the same page keep both revisions, and the later one
is told their copy was out of date."""

from django.contrib.messages import get_messages
from django.test import override_settings
from django.urls import reverse

from posts.models import PostPage

from .base import TwoBlogsTestCase


@override_settings(BULLETIN_REQUIRE_2FA=False)
class ConcurrentEditTests(TwoBlogsTestCase):
    def edit(self, user, title, loaded_revision):
        from tests.editorial.base import post_form

        self.client.force_login(user)
        data = post_form(title, authors=[self.author], page=self.post)
        data["loaded_revision_id"] = str(loaded_revision.pk)
        data["loaded_revision_created_at"] = loaded_revision.created_at.isoformat()
        response = self.client.post(reverse("wagtailadmin_pages:edit", args=[self.post.pk]), data)
        self.assertEqual(response.status_code, 302)
        return [str(m) for m in get_messages(response.wsgi_request)]

    def test_both_saves_are_kept_and_the_later_is_warned(self):
        opened = self.post.latest_revision  # both open the editor on this revision
        before = self.post.revisions.count()
        first = self.edit(self.writer, "First writer's title", opened)
        self.assertFalse(any("after you opened it" in m for m in first), first)
        second = self.edit(self.second_writer, "Second writer's title", opened)
        self.assertTrue(any("after you opened it" in m for m in second), second)
        titles = [
            revision.content["title"]
            for revision in PostPage.objects.get(pk=self.post.pk).revisions.order_by(
                "created_at", "pk"
            )
        ]
        self.assertEqual(len(titles), before + 2)
        self.assertEqual(titles[-2:], ["First writer's title", "Second writer's title"])

    def test_autosave_over_a_newer_version_is_refused(self):
        opened = self.post.latest_revision
        self.edit(self.writer, "First writer's title", opened)
        from tests.editorial.base import post_form

        self.client.force_login(self.second_writer)
        data = post_form("Autosaved", authors=[self.author], page=self.post)
        data["loaded_revision_id"] = str(opened.pk)
        response = self.client.post(
            reverse("wagtailadmin_pages:edit", args=[self.post.pk]),
            data,
            headers={"accept": "application/json"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["error_code"], "invalid_revision")
        self.assertFalse(
            PostPage.objects.get(pk=self.post.pk)
            .revisions.filter(content__title="Autosaved")
            .exists()
        )
