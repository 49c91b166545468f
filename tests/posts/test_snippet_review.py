"""People and categories are drafts until published (issue 11, defect 6): readers keep the
live version, never see one that was never published, and a category can be a blog's own."""

import json

from django.apps import apps
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from contentcache import content
from demo import build
from demo.factories import make_blog, make_category, make_home, make_person, make_post
from posts.models import Category, Person, PostPage
from tests.editorial.base import EditorialTestCase, post_form
from tests.html import soup


def snippet_url(model, view, *args):
    return reverse(f"wagtailsnippets_posts_{model._meta.model_name}:{view}", args=args)


def person_form(person=None, **fields):
    data = {"name": "", "slug": "", "job_title": "", "organisation": "", "bio": "", "photo": ""}
    if person is not None:
        data.update({name: getattr(person, name) or "" for name in data if name != "photo"})
    data.update(fields)
    return data


def category_form(category=None, **fields):
    data = {"name": "", "slug": "", "blog": "", "description": ""}
    if category is not None:
        data.update(name=category.name, slug=category.slug, description=category.description)
        data["blog"] = category.blog_id or ""
    data.update(fields)
    return data


class SnippetEditing(EditorialTestCase):
    """What an edit in the snippet admin does: a draft, published only by those who may."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.author.job_title = "Technical Writer"
        cls.author.save()
        cls.live_post.body = [build.speaker(cls.author, "<p>A talk.</p>")]
        cls.live_post.save_revision().publish()

    def edit_person(self, user, action=None, **fields):
        self.login(user)
        data = person_form(self.author, **fields)
        if action:
            data[f"action-{action}"] = "1"
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(snippet_url(Person, "edit", self.author.pk), data)
        self.assertEqual(response.status_code, 302, getattr(response, "context", None))
        return Person.objects.get(pk=self.author.pk)

    def test_a_writer_saves_a_draft_and_readers_keep_the_live_version(self):
        person = self.edit_person(self.writer, job_title="Head of Writing")
        self.assertTrue(person.live)
        self.assertTrue(person.has_unpublished_changes)
        self.assertEqual(person.job_title, "Technical Writer")
        self.assertEqual(person.get_latest_revision_as_object().job_title, "Head of Writing")
        page = self.client.get(self.live_post.url).content.decode()
        self.assertIn("Technical Writer", page)
        self.assertNotIn("Head of Writing", page)

    def test_a_writer_sending_publish_only_saves_a_draft(self):
        person = self.edit_person(self.writer, action="publish", job_title="Head of Writing")
        self.assertEqual(person.job_title, "Technical Writer")
        self.assertTrue(person.has_unpublished_changes)
        self.assertNotIn("Head of Writing", self.client.get(self.live_post.url).content.decode())

    def test_a_writer_creating_with_publish_gets_a_draft(self):
        self.login(self.writer)
        data = person_form(name="New Colleague", **{"action-publish": "1"})
        self.client.post(snippet_url(Person, "add"), data)
        self.assertFalse(Person.objects.get(slug="new-colleague").live)

    def test_a_writer_cannot_unpublish(self):
        self.login(self.writer)
        response = self.client.post(snippet_url(Person, "unpublish", self.author.pk))
        self.assertIn(response.status_code, (302, 403))
        self.assertTrue(Person.objects.get(pk=self.author.pk).live)

    def test_a_reviewer_publishes_and_readers_see_it(self):
        person = self.edit_person(self.reviewer, action="publish", job_title="Head of Writing")
        self.assertEqual(person.job_title, "Head of Writing")
        self.assertFalse(person.has_unpublished_changes)
        self.assertIn("Head of Writing", self.client.get(self.live_post.url).content.decode())

    def test_the_content_cache_is_kept_for_drafts_and_replaced_on_publish(self):
        self.client.get(self.live_post.url)
        before = content.current()
        self.edit_person(self.writer, job_title="Head of Writing")
        self.assertEqual(content.current(), before)
        self.edit_person(self.reviewer, action="publish", job_title="Head of Writing")
        self.assertNotEqual(content.current(), before)

    def test_a_new_draft_keeps_the_content_cache(self):
        before = content.current()
        self.login(self.writer)
        self.client.post(snippet_url(Category, "add"), category_form(name="Brand new"))
        self.assertFalse(Category.objects.get(slug="brand-new").live)
        self.assertEqual(content.current(), before)

    def test_a_taken_slug_is_a_form_error(self):
        self.login(self.reviewer)
        response = self.client.post(snippet_url(Person, "add"), person_form(name="Khidr Suleman"))
        self.assertEqual(response.status_code, 200)
        self.assertIn("slug", response.context["form"].errors)
        self.assertEqual(Person.objects.filter(name="Khidr Suleman").count(), 1)


class NeverPublished(TestCase):
    """A person or category that was never published: readers see a person by name only,
    and a category not at all."""

    @classmethod
    def setUpTestData(cls):
        home = make_home()
        cls.blog = make_blog(home, "Government Technology", slug="technology")
        cls.known = make_person("Khidr Suleman", job_title="Technical Writer")
        cls.draft = make_person("Nadia Newcomer", job_title="Secret Project Lead", live=False)
        cls.topic = make_category("Open Source")
        cls.draft_topic = make_category("Hush Hush", live=False)
        cls.post = make_post(
            cls.blog,
            "Open code",
            authors=[cls.known, cls.draft],
            categories=[cls.topic, cls.draft_topic],
            body=[build.speaker(cls.draft, "<p>A talk.</p>")],
        )

    def test_the_post_names_the_person_without_a_link_or_a_role(self):
        page = soup(self.client.get(self.post.url))
        byline = page.select_one("main .bulletin-byline")
        links = [a.get_text(strip=True) for a in byline.select("a")]
        self.assertIn("Khidr Suleman", links)
        self.assertNotIn("Nadia Newcomer", links)
        self.assertIn("Nadia Newcomer", byline.get_text())
        self.assertNotIn("Secret Project Lead", page.get_text())
        data = [json.loads(s.string) for s in page.select('script[type="application/ld+json"]')]
        authors = next(d["author"] for d in data if d.get("@type") == "BlogPosting")
        self.assertEqual(authors[1], {"@type": "Person", "name": "Nadia Newcomer"})

    def test_the_category_is_not_shown(self):
        page = self.client.get(self.post.url).content.decode()
        self.assertIn("Open Source", page)
        self.assertNotIn("Hush Hush", page)
        self.assertNotIn("Hush Hush", self.client.get("/technology/").content.decode())
        self.assertNotIn("Hush Hush", self.client.get("/technology/feed/").content.decode())

    def test_they_have_no_archive(self):
        self.assertEqual(self.client.get("/technology/author/nadia-newcomer/").status_code, 404)
        self.assertEqual(self.client.get("/technology/category/hush-hush/").status_code, 404)
        self.assertEqual(self.client.get("/technology/author/khidr-suleman/").status_code, 200)
        sitemap = self.client.get("/sitemap.xml").content.decode()
        self.assertNotIn("nadia-newcomer", sitemap)
        self.assertNotIn("hush-hush", sitemap)

    def test_search_filters_know_only_published_ones(self):
        response = self.client.get("/search/", {"q": "open", "author": "nadia-newcomer"})
        self.assertEqual(response.status_code, 400)
        response = self.client.get("/search/", {"q": "open", "category": "hush-hush"})
        self.assertEqual(response.status_code, 400)

    def test_publishing_them_shows_them(self):
        self.draft.save_revision().publish()
        self.draft_topic.save_revision().publish()
        page = soup(self.client.get(self.post.url))
        links = [a.get_text(strip=True) for a in page.select("main .bulletin-byline a")]
        self.assertIn("Nadia Newcomer", links)
        self.assertIn("Hush Hush", links)
        self.assertIn("Secret Project Lead", page.get_text())


class ExistingRowsMigrateAsLive(TestCase):
    def test_each_gets_a_first_revision_and_stays_live(self):
        migration = __import__(
            "posts.migrations.0006_publish_existing_people_and_categories", fromlist=["x"]
        )
        person = make_person("Old Timer", job_title="Veteran")
        category = make_category("Old topic")
        migration.publish_existing(apps, None)
        for obj in (Person.objects.get(pk=person.pk), Category.objects.get(pk=category.pk)):
            self.assertTrue(obj.live)
            self.assertFalse(obj.has_unpublished_changes)
            self.assertIsNotNone(obj.first_published_at)
            self.assertEqual(obj.live_revision, obj.latest_revision)
            self.assertEqual(obj.latest_revision.as_object().name, obj.name)
        migration.publish_existing(apps, None)  # again: nothing more
        self.assertEqual(Person.objects.get(pk=person.pk).revisions.count(), 1)


class BlogCategories(EditorialTestCase):
    """A category is network-wide or one blog's own; the post editor offers and accepts
    only those of the post's blog."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.shared = make_category("Security")
        cls.own = make_category("Open Source", blog=cls.blog)
        cls.foreign = make_category("Statistics", blog=cls.other_blog)

    def editor_choices(self, page=None):
        response = self.client.get(self.edit_url(page) if page else self.add_url())
        field = response.context["form"]["categories"]
        self.assertIn("Tick the topics this post is about.", response.content.decode())
        return field, sorted(label for _, label in field.field.choices)

    def edit_categories(self, categories):
        data = post_form("Live post", authors=[self.author], page=self.live_post)
        data["categories"] = [category.pk for category in categories]
        return self.post_edit(self.live_post, data)

    def test_the_editor_shows_checkboxes_of_the_blogs_and_shared_categories(self):
        self.login(self.writer)
        make_category("Not yet", blog=self.blog, live=False)
        for page in (None, self.live_post):
            field, labels = self.editor_choices(page)
            self.assertEqual(labels, ["Not yet (not published yet)", "Open Source", "Security"])
            self.assertEqual(field.field.widget.input_type, "checkbox")

    def test_a_crafted_post_with_another_blogs_category_is_a_form_error(self):
        self.login(self.writer)
        response = self.edit_categories([self.shared, self.foreign])
        self.assertEqual(response.status_code, 200)
        self.assertIn("categories", response.context["form"].errors)
        latest = self.reload(self.live_post).get_latest_revision_as_object()
        self.assertNotIn(self.foreign, list(latest.categories.all()))

    def test_own_and_shared_categories_are_saved(self):
        self.login(self.writer)
        self.assertEqual(self.edit_categories([self.own, self.shared]).status_code, 302)
        latest = self.reload(self.live_post).get_latest_revision_as_object()
        self.assertEqual(set(latest.categories.all()), {self.own, self.shared})

    def test_archives_of_own_and_shared_categories_only(self):
        make_post(self.blog, "Tagged", authors=[self.author], categories=[self.own, self.shared])
        make_post(self.other_blog, "Counted", authors=[self.author], categories=[self.foreign])
        self.assertEqual(self.client.get("/technology/category/open-source/").status_code, 200)
        self.assertEqual(self.client.get("/technology/category/security/").status_code, 200)
        self.assertEqual(self.client.get("/technology/category/statistics/").status_code, 404)
        self.assertEqual(self.client.get("/marketplace/category/statistics/").status_code, 200)

    def test_a_second_blog_with_the_same_name_gets_its_own_slug(self):
        self.login(self.reviewer)
        data = category_form(name="Open Source", blog=self.other_blog.pk)
        self.client.post(snippet_url(Category, "add"), {**data, "action-publish": "1"})
        made = Category.objects.get(blog=self.other_blog, name="Open Source")
        self.assertEqual(made.slug, "open-source-marketplace")

    def test_a_category_used_on_other_blogs_cannot_become_one_blogs(self):
        make_post(self.other_blog, "Elsewhere", authors=[self.author], categories=[self.shared])
        self.login(self.reviewer)
        data = category_form(self.shared, blog=self.blog.pk)
        response = self.client.post(snippet_url(Category, "edit", self.shared.pk), data)
        self.assertEqual(response.status_code, 200)
        self.assertIn("blog", response.context["form"].errors)

    def test_the_listing_shows_and_filters_by_blog(self):
        self.login(self.reviewer)
        response = self.client.get(snippet_url(Category, "list"), {"blog": self.other_blog.pk})
        names = [str(obj) for obj in response.context["object_list"]]
        self.assertEqual(names, ["Statistics"])
        self.assertIn("Digital Marketplace", response.content.decode())


class DemoCategories(TestCase):
    def test_demo_categories_belong_to_sensible_blogs(self):
        call_command("load_demo", verbosity=0)
        blogs = dict(Category.objects.values_list("slug", "blog__slug"))
        self.assertEqual(blogs["open-source"], "technology")
        self.assertEqual(blogs["data"], "data")
        self.assertIsNone(blogs["events"])
        call_command("load_demo", verbosity=0)
        self.assertEqual(dict(Category.objects.values_list("slug", "blog__slug")), blogs)
        self.assertTrue(all(Category.objects.values_list("live", flat=True)))
        # Every demo post's categories are its blog's or shared ones.
        for post in PostPage.objects.all():
            allowed = set(Category.objects.for_blog(post.get_parent()))
            self.assertLessEqual(set(post.categories.all()), allowed, post.title)
