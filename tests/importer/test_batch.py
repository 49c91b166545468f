"""New posts are written a batch at a time (importer.batch): what Wagtail's own way of
making and publishing a page would have made, so editors, readers and search see the
same as for a post made in the admin."""

from django.core import mail
from django.urls import reverse

from wagtail.models import Page, PageLogEntry, Revision

from alerts.models import Alert
from benchmarks.editor import editor_form_data
from demo.factories import make_user
from posts.models import PostPage

from .base import ImporterTestCase
from .exports import SITE, comment, export, item

TERMS = (
    '<category domain="category" nicename="events"><![CDATA[Events]]></category>'
    '<category domain="post_tag" nicename="open-source"><![CDATA[Open source]]></category>'
)


class BatchTests(ImporterTestCase):
    def import_posts(self):
        later = f'<p>Zyzzyva notes. See <a href="{SITE}/?p=2">the next post</a>.</p>'
        items = [
            item(1, "Published first", content=later, extra=TERMS + comment(7, "Hello")),
            item(2, "Published second", date="2017-10-11 09:30:00", extra=TERMS),
            item(3, "A draft", status="draft"),
            item(4, "A private post", status="private"),
            item(5, "Was scheduled", status="future", date="2017-10-12 09:30:00"),
        ]
        self.run_command(self.write(export("".join(items))))
        return {post.title: post for post in self.posts()}

    def test_the_tree_is_sound_and_each_post_has_its_revision_and_history(self):
        posts = self.import_posts()
        self.assertEqual(len(posts), 5)
        self.assertEqual(Page.find_problems(), ([], [], [], [], []))
        blog = self.blog()
        self.assertEqual(blog.numchild, 5)
        self.assertEqual(len({post.path for post in posts.values()}), 5)
        for title, post in posts.items():
            live = title in ("Published first", "Published second", "Was scheduled")
            with self.subTest(title):
                self.assertEqual(post.live, live)
                self.assertEqual(post.url_path, f"{blog.url_path}{post.slug}/")
                self.assertEqual(post.depth, blog.depth + 1)
                revision = post.latest_revision
                self.assertEqual(Revision.page_revisions.filter(object_id=str(post.pk)).count(), 1)
                self.assertEqual(revision.as_object().title, title)
                self.assertEqual(post.live_revision_id, revision.pk if live else None)
                self.assertEqual(post.has_unpublished_changes, not live)
                actions = set(
                    PageLogEntry.objects.filter(page=post).values_list("action", flat=True)
                )
                expected = {"wagtail.create", "wagtail.publish"} if live else {"wagtail.create"}
                self.assertEqual(actions, expected)
        first = posts["Published first"]
        self.assertEqual([c.name for c in first.categories.all()], ["Events"])
        self.assertEqual([t.name for t in first.tags.all()], ["Open source"])
        self.assertEqual([a.person.name for a in first.post_authors.all()], ["Khidr Suleman"])
        self.assertEqual(first.reader_comments.count(), 1)

    def test_readers_editors_and_search_see_the_posts(self):
        posts = self.import_posts()
        first, second = posts["Published first"], posts["Published second"]
        # A link to a post later in the same batch is rewritten at once.
        self.assertIn(f'href="{second.url}"', str(first.body))
        self.assertEqual(self.client.get(first.url).status_code, 200)
        self.assertEqual(self.client.get("/technology/?p=1").status_code, 301)
        self.assertEqual(self.client.get(posts["A draft"].url).status_code, 404)
        self.assertEqual(
            list(PostPage.objects.live().search("zyzzyva")), [first], "indexed after the import"
        )
        # No alert for an archive's old posts.
        self.assertFalse(Alert.objects.exists())
        self.assertEqual(mail.outbox, [])
        # The editor opens an imported post and saves it.
        editor = make_user("sam_super", is_superuser=True)
        self.client.force_login(editor)
        edit = reverse("wagtailadmin_pages:edit", args=[first.pk])
        self.assertEqual(self.client.get(edit).status_code, 200)
        data = editor_form_data(first, editor)
        data["title"] = "Published first, edited"
        self.assertEqual(self.client.post(edit, data).status_code, 302)
        first.refresh_from_db()
        self.assertEqual(first.get_latest_revision_as_object().title, "Published first, edited")
        self.assertEqual(Page.find_problems(), ([], [], [], [], []))
