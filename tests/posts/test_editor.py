"""The writer's path through the post editor: their own byline by default, the Person
chooser, plain-English labels, the Promote tab and the byline of an unpublished post."""

import datetime
import re
from unittest import mock

from bs4 import BeautifulSoup

from django.db import IntegrityError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from wagtail import blocks

from demo.factories import make_category, make_image, make_person, make_post, make_user
from posts.blocks import PostBodyBlock
from posts.models import Person, PostPage
from posts.people import person_for
from tests.editorial.base import EditorialTestCase, post_form


def first_author_value(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.find("input", attrs={"name": "post_authors-0-person"}).get("value")


class AuthorDefaults(EditorialTestCase):
    def setUp(self):
        self.jane = make_user(
            "jane",
            (self.blog, "writers"),
            last_name="Smith",
            job_title="Head of Software Engineering",
            organisation="HM Courts & Tribunals Service",
        )

    def test_a_new_post_starts_with_the_writer_as_its_author(self):
        self.login(self.jane)
        response = self.client.get(self.add_url())
        person = Person.objects.get(user=self.jane)
        self.assertEqual(
            (person.name, person.job_title, person.organisation),
            ("Jane Smith", "Head of Software Engineering", "HM Courts & Tribunals Service"),
        )
        self.assertEqual(first_author_value(response), str(person.pk))

    def test_the_writers_person_is_made_once(self):
        self.login(self.jane)
        for _ in range(3):
            self.client.get(self.add_url())
        self.assertEqual(Person.objects.filter(name="Jane Smith").count(), 1)

    def test_someone_else_with_the_same_name_keeps_their_slug(self):
        other = make_person("Jane Smith", organisation="Cabinet Office")
        person = person_for(self.jane)
        self.assertNotEqual(person, other)
        self.assertEqual(person.slug, "jane-smith-2")
        self.assertEqual(Person.objects.get(pk=other.pk).user, None)

    def test_a_person_made_by_a_concurrent_request_is_used(self):
        # The other request commits the user's Person between our look-up and our insert.
        mine = Person.objects.create(name="Jane Smith", slug="jane-smith", user=self.jane)
        real_filter = Person.objects.filter
        misses = iter([True])

        def first_look_up_misses(*args, **kwargs):
            if kwargs == {"user": self.jane} and next(misses, False):
                return Person.objects.none()
            return real_filter(*args, **kwargs)

        with mock.patch.object(Person.objects, "filter", side_effect=first_look_up_misses):
            self.assertEqual(person_for(self.jane), mine)
        self.assertEqual(Person.objects.filter(user=self.jane).count(), 1)

    def test_an_account_without_a_name_gets_no_default_author(self):
        nameless = make_user("nameless", (self.blog, "writers"))
        nameless.first_name = ""
        nameless.save()
        self.login(nameless)
        response = self.client.get(self.add_url())
        self.assertFalse(first_author_value(response))
        self.assertFalse(Person.objects.filter(user=nameless).exists())

    def test_only_opening_a_new_post_makes_the_person(self):
        self.login(self.jane)
        data = post_form("A day of open code", authors=[self.author])
        self.client.post(self.add_url(), data)
        self.client.get(self.edit_url(PostPage.objects.get(title="A day of open code")))
        self.assertFalse(Person.objects.filter(user=self.jane).exists())

    def test_an_insert_that_fails_for_another_reason_is_not_hidden(self):
        failing = mock.patch("posts.people.CreateAction.execute", side_effect=IntegrityError)
        with failing, self.assertRaises(IntegrityError):
            person_for(self.jane)


class PersonChooser(EditorialTestCase):
    def test_results_show_job_title_and_organisation(self):
        make_person("Jason Paige", job_title="Head of Engineering", organisation="HMCTS")
        self.login(self.writer)
        response = self.client.get(reverse("wagtailsnippetchoosers_posts_person:choose"))
        html = response.json()["html"]
        for text in ("Job title", "Organisation", "Head of Engineering", "HMCTS"):
            self.assertIn(text, html)
        self.assertIn("Add a new person", html)

    def test_a_writer_adds_a_person_from_the_chooser(self):
        make_person("Jason Paige")
        self.login(self.writer)
        response = self.client.post(
            reverse("wagtailsnippetchoosers_posts_person:create"),
            {"name": "Jason Paige", "job_title": "Head of Engineering", "organisation": ""},
        )
        self.assertEqual(response.json()["step"], "chosen")
        person = Person.objects.get(slug="jason-paige-2")
        self.assertEqual(response.json()["result"]["id"], str(person.pk))
        self.assertEqual(person.job_title, "Head of Engineering")
        # People are reviewed: a writer's new person waits for a reviewer.
        self.assertFalse(person.live)
        self.assertEqual(person.latest_revision.user, self.writer)

    def test_a_reviewer_adds_a_published_person(self):
        self.login(self.reviewer)
        self.client.post(
            reverse("wagtailsnippetchoosers_posts_person:create"),
            {"name": "Ahana Datta", "job_title": "", "organisation": ""},
        )
        self.assertTrue(Person.objects.get(name="Ahana Datta").live)

    def test_a_nameless_person_is_a_form_error(self):
        self.login(self.writer)
        response = self.client.post(
            reverse("wagtailsnippetchoosers_posts_person:create"), {"name": ""}
        )
        self.assertEqual(response.json()["step"], "reshow_creation_form")
        self.assertEqual(Person.objects.count(), 1)


def all_blocks(block):
    yield block
    for child in getattr(block, "child_blocks", {}).values():
        yield from all_blocks(child)
    if isinstance(block, blocks.ListBlock):
        yield from all_blocks(block.child_block)


class Labels(EditorialTestCase):
    def test_no_help_text_or_label_speaks_of_snippets(self):
        for block in all_blocks(PostBodyBlock()):
            help_text = str(getattr(block.meta, "help_text", "") or "")
            field = getattr(block, "field", None)
            help_text += str(getattr(field, "help_text", "") or "")
            self.assertNotIn("snippet", f"{block.label} {help_text}".lower(), block.name)

    def test_rows_are_named_one_at_a_time(self):
        body = PostBodyBlock()
        self.assertEqual(body.child_blocks["list"].child_blocks["items"].child_block.label, "Item")
        panellists = body.child_blocks["panel"].child_blocks["panellists"]
        self.assertEqual(panellists.child_block.label, "Panellist")

    def test_authors_are_author_1_and_add_author(self):
        self.login(self.writer)
        html = self.client.get(self.add_url()).content.decode()
        self.assertIn("Author<span data-inline-panel-child-count>", html)
        self.assertIn("Add author", html)
        self.assertNotIn("Authors<span data-inline-panel-child-count>", html)

    def test_the_editor_script_is_loaded(self):
        self.login(self.writer)
        html = self.client.get(self.add_url()).content.decode()
        self.assertRegex(html, r'<script src="/static/posts/js/editor\.js" defer>')

    def test_tags_suggest_the_ones_already_used(self):
        make_post(self.blog, "Tagged", authors=[self.author], tags=["open source"])
        self.login(self.writer)
        html = self.client.get(self.add_url()).content.decode()
        self.assertIn("choose from tags already used", html)
        url = re.search(r'data-w-tag-url-value="([^"]+)"', html).group(1)
        self.assertEqual(self.client.get(url, {"term": "open"}).json(), ["open source"])


class PromoteTab(EditorialTestCase):
    def promote_fields(self):
        tabs = PostPage.get_edit_handler().children
        promote = next(tab for tab in tabs if tab.heading == "Promote")
        return promote.get_form_options()["fields"]

    def test_no_site_menus_for_posts(self):
        self.assertNotIn("show_in_menus", self.promote_fields())
        self.assertIn("slug", self.promote_fields())

    def test_slug_help_shows_the_address_with_todays_date_before_publication(self):
        self.login(self.writer)
        html = self.client.get(self.add_url()).content.decode()
        self.assertIn(f"/technology/{timezone.localdate():%Y/%m/%d}/ followed by this", html)
        self.assertIn("Leave blank to use the summary.", html)
        self.assertIn("Leave blank to use the listing image.", html)

    def test_slug_help_shows_the_posts_own_date_once_published(self):
        post = make_post(
            self.blog, "Dated", authors=[self.author], date=datetime.date(2017, 10, 10)
        )
        self.login(self.reviewer)
        html = self.client.get(self.edit_url(post)).content.decode()
        self.assertIn("/technology/2017/10/10/ followed by this", html)

    def test_meta_tags_fall_back_to_the_summary_and_listing_image(self):
        image = make_image("Listing")
        post = make_post(self.blog, "Fallbacks", authors=[self.author], summary="What we learned.")
        post.listing_image = image
        post.save_revision().publish()
        soup = BeautifulSoup(self.client.get(post.url).content, "html.parser")
        self.assertEqual(
            soup.find("meta", attrs={"name": "description"})["content"], "What we learned."
        )
        self.assertIn("listing", soup.find("meta", property="og:image")["content"])


class UnpublishedByline(EditorialTestCase):
    def byline(self, **context):
        html = render_to_string("posts/includes/byline.html", context)
        return " ".join(BeautifulSoup(html, "html.parser").get_text().split())

    def test_no_dangling_separators_without_a_date(self):
        draft = make_post(self.blog, "Draft", authors=[self.author], publish=False)
        text = self.byline(post=draft, people=[self.author], categories=[make_category("Events")])
        self.assertEqual(text, "Posted by: Khidr Suleman - Categories: Events")

    def test_people_alone(self):
        draft = make_post(self.blog, "Draft", authors=[self.author], publish=False)
        self.assertEqual(self.byline(post=draft, people=[self.author]), "Posted by: Khidr Suleman")

    def test_published_byline_is_unchanged(self):
        post = make_post(
            self.blog, "Dated", authors=[self.author], date=datetime.date(2017, 10, 10)
        )
        text = self.byline(post=post, people=[self.author], categories=[make_category("Events")])
        self.assertEqual(
            text, "Posted by: Khidr Suleman, Posted on: 10 October 2017 - Categories: Events"
        )

    def test_preview_of_an_unpublished_post(self):
        self.login(self.writer)
        draft = self.create_post(self.writer, "Preview me")
        response = self.client.get(reverse("wagtailadmin_pages:view_draft", args=[draft.pk]))
        soup = BeautifulSoup(response.content, "html.parser")
        text = " ".join(soup.find(class_="bulletin-byline").get_text().split())
        self.assertEqual(text, "Posted by: Khidr Suleman")
