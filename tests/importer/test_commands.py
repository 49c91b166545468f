"""import_wordpress on the real exports and on small ones: what is mapped, refusals,
re-running, the report."""

import datetime
from unittest import mock

from django.core.management import CommandError

from comments.models import ReaderComment
from home.models import HomePage, StandardPage
from importer.models import ImportedObject
from importer.run import import_wordpress
from posts.models import Category

from .base import ImporterTestCase, database_counts
from .exports import FIXTURES, comment, count, export, item

IMPORTED = [
    "crazy-cdata.xml",
    "missing-tags.xml",
    "post-content-blank-lines.xml",
    "slashes.xml",
    "small-export.xml",
    "valid-wxr-1.0.xml",
    "valid-wxr-1.1.xml",
    "wxr-simple.xml",
]


class RealExportsTests(ImporterTestCase):
    def test_counts_match_what_each_export_holds(self):
        for number, name in enumerate(IMPORTED):
            with self.subTest(name):
                slug = f"blog-{number}"
                expected = count(FIXTURES / name)
                report = import_wordpress(FIXTURES / name, blog_slug=slug).as_dict()
                counts = report["counts"]
                self.assertEqual(report["failures"], [])
                for kind in ("post", "page", "author", "category", "tag", "comment"):
                    found = counts.get(kind, {}).get("found", 0)
                    self.assertEqual(found, expected[kind], kind)
                posts = self.posts(slug)
                self.assertEqual(posts.count(), expected["post"])
                self.assertEqual(posts.live().count(), expected["post"] - expected["private"])
                pages = StandardPage.objects.descendant_of(self.blog(slug))
                self.assertEqual(pages.count(), expected["page"])
                comments = ReaderComment.objects.filter(post__in=posts)
                self.assertEqual(
                    comments.filter(status=ReaderComment.Status.APPROVED).count(),
                    expected["approved"],
                )
                self.assertEqual(comments.count(), expected["approved"] + expected["held"])
                mapped = ImportedObject.objects.filter(blog=self.blog(slug))
                made = expected["categories made"]
                self.assertEqual(mapped.filter(kind="category").count(), made)
                self.assertEqual(mapped.filter(kind="tag").count(), expected["tags made"])

    def test_blog_is_made_from_the_channel(self):
        self.run_command(FIXTURES / "wxr-simple.xml", blog="poetry")
        blog = self.blog("poetry")
        self.assertEqual(blog.title, "My WordPress Website")
        self.assertTrue(blog.live)
        self.assertEqual(blog.get_parent().specific, self.home)

    def test_original_dates_and_addresses_are_kept(self):
        self.run_command(FIXTURES / "small-export.xml")
        post = self.posts().get(slug="foo-child")
        self.assertEqual(post.date, datetime.date(2011, 1, 18))
        self.assertEqual(
            post.first_published_at, datetime.datetime(2011, 1, 18, 7, 48, 7, tzinfo=datetime.UTC)
        )
        self.assertEqual(post.url, "/technology/2011/01/18/foo-child/")
        self.assertEqual(self.client.get(post.url).status_code, 200)
        self.assertEqual(
            [p.name for p in post.post_authors.all()[0:1] and [post.post_authors.first().person]],
            ["editor"],
        )

    def test_category_tree_and_duplicate_names(self):
        self.run_command(FIXTURES / "small-export.xml")
        child = ImportedObject.objects.get(kind="category", wp_id="5")
        self.assertEqual((child.wp_name, child.wp_parent), ("foo-bar", "bar"))
        self.assertEqual(Category.objects.get(pk=child.object_id).name, "Foo")
        self.assertEqual(Category.objects.filter(name="Foo").count(), 2)
        post = self.posts().get(slug="foo-child")
        self.assertEqual([c.slug for c in post.categories.all()], ["foo-bar"])
        self.assertTrue(Category.objects.filter(name="远征手记", slug="eternity").exists())

    def test_child_page_before_its_parent_ends_under_it(self):
        self.run_command(FIXTURES / "small-export.xml")
        parent = StandardPage.objects.get(slug="parent-page")
        child = StandardPage.objects.get(slug="child-page")
        self.assertEqual(child.get_parent().pk, parent.pk)

    def test_backslashes_are_kept(self):
        self.run_command(FIXTURES / "slashes.xml")
        self.assertEqual(Category.objects.get(slug="alpha").name, 'a \\"great\\" category')
        self.assertEqual(ReaderComment.objects.get().body, "\\o/ ¯\\_(ツ)_/¯")


class RefusalTests(ImporterTestCase):
    def assert_refused(self, path, message):
        before = database_counts()
        with self.assertRaisesMessage(CommandError, message):
            self.run_command(path)
        self.assertEqual(database_counts(), before)

    def test_malformed_exports_change_nothing(self):
        self.assert_refused(FIXTURES / "malformed.xml", "line 90: The file is not well-formed XML")
        self.assert_refused(FIXTURES / "malformed-simple.xml", "line 14: The file is not")

    def test_broken_at_the_end_changes_nothing(self):
        # Every post is well-formed until the last line: nothing is written all the same.
        text = export(item(1, "One") + item(2, "Two")).replace("</rss>", "</rs>")
        self.assert_refused(self.write(text), "mismatched tag")

    def test_bombs_and_external_entities(self):
        bomb = export(item(1, "&lol2;")).replace(
            "<rss",
            '<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>\n<rss',
        )
        self.assert_refused(self.write(bomb), "line 2: The file declares an XML entity")
        external = export(item(1, "&x;")).replace(
            "<rss", '<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<rss'
        )
        self.assert_refused(self.write(external), "declares an XML entity ('x')")

    def test_no_home_page_to_put_a_new_blog_under(self):
        # A fresh install that has not made its home page yet: a message, not a traceback.
        HomePage.objects.all().delete()
        self.assert_refused(FIXTURES / "small-export.xml", "There is no home page")

    def test_no_version(self):
        text = export(item(1, "One")).replace("<wp:wxr_version>1.2</wp:wxr_version>", "")
        self.assert_refused(self.write(text), "no <wp:wxr_version>")


class RerunTests(ImporterTestCase):
    def test_importing_twice_duplicates_nothing_and_updates_what_changed(self):
        path = FIXTURES / "small-export.xml"
        first = import_wordpress(path, blog_slug="technology").as_dict()
        after_first = database_counts()
        second = import_wordpress(path, blog_slug="technology").as_dict()
        self.assertEqual(database_counts(), after_first)
        for kind, counts in second["counts"].items():
            with self.subTest(kind):
                self.assertEqual(counts["found"], first["counts"][kind]["found"])
                self.assertEqual((counts["created"], counts["updated"]), (0, 0))
        self.assertEqual(second["redirects"], {})

        edited = self.write(
            path.read_text().replace("<title>Foo-child</title>", "<title>Foo, the child</title>")
        )
        third = import_wordpress(edited, blog_slug="technology").as_dict()
        self.assertEqual(database_counts(), after_first)
        self.assertEqual(third["counts"]["post"]["updated"], 1)
        post = self.posts().get(slug="foo-child")
        self.assertEqual(post.title, "Foo, the child")
        self.assertEqual(post.live_revision.as_object().title, "Foo, the child")


class RedirectTests(ImporterTestCase):
    def test_old_permalinks_and_ids_answer_301_with_the_new_address(self):
        items = item(12, "Archived", link="http://example.gov.uk/archives/12") + item(
            13, "Same address", link="http://example.gov.uk/2017/10/10/post-13/"
        )
        report = import_wordpress(self.write(export(items)), blog_slug="technology")
        archived = self.posts().get(title="Archived")
        for old in ("/technology/archives/12/", "/technology/?p=12", "/technology/?p=12&utm=x"):
            with self.subTest(old):
                response = self.client.get(old)
                self.assertEqual(response.status_code, 301)
                self.assertEqual(response["Location"], archived.url)
                self.assertEqual(self.client.get(response["Location"]).status_code, 200)
        same = self.posts().get(title="Same address")
        # Its old permalink is its new address: only ?p=13 needs a redirect.
        self.assertEqual(self.client.get("/technology/?p=13")["Location"], same.url)
        self.assertEqual(report.redirects["created"], 3)
        self.assertEqual(self.client.get("/technology/?p=99").status_code, 200)

    def test_real_export_ids(self):
        self.run_command(FIXTURES / "small-export.xml")
        post = self.posts().get(slug="many-categories")
        response = self.client.get("/technology/?p=22")
        self.assertEqual((response.status_code, response["Location"]), (301, post.url))
        page = StandardPage.objects.get(slug="sample-page")
        response = self.client.get("/technology/?page_id=2")
        self.assertEqual((response.status_code, response["Location"]), (301, page.url))

    def test_private_and_draft_posts_get_no_redirect(self):
        text = export(item(1, "Private", status="private") + item(2, "Draft", status="draft"))
        import_wordpress(self.write(text), blog_slug="technology")
        self.assertEqual(self.client.get("/technology/?p=1").status_code, 200)
        self.assertFalse(ImportedObject.objects.filter(kind="post", old_path="").exists())


class SafetyTests(ImporterTestCase):
    def test_a_failing_post_is_rolled_back_whole_and_reported(self):
        from importer import posts

        original = posts.convert

        def convert(html, **kwargs):
            if "explode" in html:
                raise ValueError("the converter choked")
            return original(html, **kwargs)

        text = export(
            item(1, "Fine", extra=comment(1, "Hi"))
            + item(2, "Broken", content="explode", extra=comment(2, "Lost"))
            + item(3, "Also fine")
        )
        with mock.patch.object(posts, "convert", convert):
            report = import_wordpress(self.write(text), blog_slug="technology")
        self.assertEqual(sorted(p.title for p in self.posts()), ["Also fine", "Fine"])
        self.assertEqual([c.body for c in ReaderComment.objects.all()], ["Hi"])
        self.assertFalse(ImportedObject.objects.filter(kind="post", wp_id="2").exists())
        self.assertEqual(
            report.lists["failures"], ["post 2 “Broken”: ValueError: the converter choked"]
        )
        # Importing again once it is fixed imports it.
        import_wordpress(self.write(text), blog_slug="technology")
        self.assertEqual(self.posts().count(), 3)

    def test_no_alerts_one_cache_refresh_and_the_search_index_updated_at_the_end(self):
        from alerts import tasks
        from contentcache import content

        text = export(item(1, "Quokkas at the zoo") + item(2, "Wombats at the zoo"))
        with (
            mock.patch.object(tasks, "queue_alert") as queue_alert,
            mock.patch.object(content, "_replace_version") as replace_version,
        ):
            import_wordpress(self.write(text), blog_slug="technology")
        queue_alert.assert_not_called()
        replace_version.assert_called_once()
        found = self.posts().search("quokkas")
        self.assertEqual([p.title for p in found], ["Quokkas at the zoo"])


class LinkTests(ImporterTestCase):
    def test_links_between_imported_posts_are_rewritten(self):
        from importer import posts, run

        def convert(html, *, images, links):
            # Stands in for the converter: each href through links().
            import re

            out = re.sub(r'href="([^"]+)"', lambda m: f'href="{links(m[1]) or m[1]}"', html)
            return [("paragraph", out)], []

        text = export(
            item(
                1,
                "Earlier",
                link="http://example.gov.uk/archives/1",
                content='<a href="http://example.gov.uk/?p=2">later</a>',
            )
            + item(
                2,
                "Later",
                link="http://example.gov.uk/archives/2",
                content='<a href="http://example.gov.uk/archives/1">earlier</a>'
                '<a href="https://www.gov.uk/">elsewhere</a>',
            )
        )
        with (
            mock.patch.object(posts, "convert", convert),
            mock.patch.object(run, "convert", convert),
        ):
            import_wordpress(self.write(text), blog_slug="technology")
        earlier, later = self.posts().order_by("pk")
        self.assertIn(f'href="{later.url}"', str(earlier.body[0].value))
        self.assertIn(f'href="{earlier.url}"', str(later.body[0].value))
        self.assertIn('href="https://www.gov.uk/"', str(later.body[0].value))
        self.assertEqual(earlier.live_revision.as_object().body[0].value, earlier.body[0].value)
