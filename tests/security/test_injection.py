"""Injection: a payload in every block type, title, caption, table cell, person's name,
category, tag and search query comes out inert (escaped) everywhere it is shown."""

import json
import xml.etree.ElementTree as ET

from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django.utils.html import escape

from wagtail.test.utils.form_data import rich_text

from demo.factories import (
    make_blog,
    make_category,
    make_home,
    make_image,
    make_person,
    make_post,
    make_user,
)
from posts.blocks import PARAGRAPH_FEATURES
from posts.models import PostPage

from .injection import PAYLOAD, assert_inert, assert_shown_as_text

X = PAYLOAD
RICH = f'<p>{escape(X)} <a href="https://example.com/{escape(X)}">{escape(X)}</a></p>'
ATOM = "{http://www.w3.org/2005/Atom}"


def person_fields(person=None, text=X):
    return {"person": person, "name": text, "job_title": text, "organisation": text}


def every_block(person, image):
    """One of each body block, with the payload in every text the block shows."""
    return [
        {"type": "paragraph", "value": RICH},
        {"type": "heading", "value": {"text": X, "numbered": True}},
        {"type": "contents", "value": {"heading": X}},
        {
            "type": "speaker",
            "value": {"speaker": person_fields(person.pk), "talk_title": X, "write_up": RICH},
        },
        {
            "type": "panel",
            "value": {
                "title": X,
                "chair": person_fields(),
                "panellists": [
                    {"type": "item", "value": person_fields(person.pk, "")},
                    {"type": "item", "value": person_fields()},
                ],
                "write_up": RICH,
            },
        },
        {"type": "list", "value": {"style": "number", "items": [X, X]}},
        {"type": "image", "value": {"image": image.pk, "alt_text": X, "caption": X, "credit": X}},
        {"type": "quote", "value": {"quote": X, "attribution": X, "role": X}},
        {"type": "callout", "value": {"style": "notification", "heading": X, "text": RICH}},
        {
            "type": "key_figures",
            "value": {"heading": X, "figures": [{"figure": X, "label": X}]},
        },
        {
            "type": "event",
            "value": {"name": X, "date": "2017-09-26", "end_date": None, "place": X, "url": ""},
        },
        {
            "type": "table",
            "value": {
                "first_row_is_table_header": True,
                "first_col_is_header": True,
                "table_caption": X,
                "data": [[X, X], [X, X]],
            },
        },
        {"type": "code", "value": {"language": "html", "code": X, "caption": X}},
        {
            "type": "embed",
            "value": {
                "url": "https://www.youtube.com/watch?v=example",
                "title": X,
                "provider": X,
                "transcript": RICH,
            },
        },
        {
            "type": "related_links",
            "value": {
                "heading": X,
                "links": [{"page": None, "url": "https://example.com/", "text": X}],
            },
        },
        {"type": "alerts", "value": {"text": X}},
    ]


class InjectionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.blog = make_blog(
            cls.home,
            f"Hostile {X}",
            slug="hostile",
            short_description=X,
            organisations=X,
            location=X,
            alerts_prompt=X,
        )
        cls.person = make_person(f"Mallory {X}", job_title=X, organisation=X, bio=X)
        cls.category = make_category(f"Category {X}", slug="hostile-category", description=X)
        cls.image = make_image(title=X, alt_text=X, credit=X, copyright_holder=X)
        post = make_post(
            cls.blog,
            f"Title {X}",
            slug="hostile-post",
            summary=f"Summary {X}",
            authors=[cls.person],
            categories=[cls.category],
            tags=["hostile-tag", X[:90]],
            listing_image=cls.image,
            seo_title=X,
            search_description=X,
            publish=False,
        )
        post.body = json.dumps(every_block(cls.person, cls.image))
        post.save_revision().publish()
        cls.post = PostPage.objects.get(pk=post.pk)
        cls.admin = make_user("root", is_superuser=True)

    def get_ok(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return response.content.decode()

    def test_every_block_renders_every_field_as_text(self):
        self.assertEqual(
            {child.block_type for child in self.post.body},
            set(self.post.body.stream_block.child_blocks),
            "a block type is missing from this test",
        )
        html = self.get_ok(self.post.url)
        assert_inert(html, "post page")
        assert_shown_as_text(html, "post page")

    def test_listings_and_archives(self):
        blog_url = self.blog.url
        for url in (
            "/",
            blog_url,
            f"{blog_url}category/hostile-category/",
            f"{blog_url}author/{self.person.slug}/",
            f"{blog_url}tag/hostile-tag/",
            f"{blog_url}{self.post.date:%Y/%m/}",
            "/all-posts/",
        ):
            assert_inert(self.get_ok(url), url)

    def test_search_results_and_queries(self):
        for url in (
            "/search/?q=Title",
            f"/search/?q={escape(X)}",
            "/search/?"
            + "&".join(f"{k}={X}" for k in ("q", "blog", "category", "author", "from", "to")),
        ):
            response = self.client.get(url)
            self.assertLess(response.status_code, 500, url)
            assert_inert(response.content.decode(), url)
        suggest = self.client.get("/search/suggest/", {"q": X[:150]})
        self.assertEqual(suggest["Content-Type"], "application/json")

    def test_feeds_carry_escaped_html(self):
        for url in (f"{self.blog.url}feed/atom/", f"{self.blog.url}feed/"):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            root = ET.fromstring(response.content)  # noqa: S314 - our own feed
            html_parts = [
                element.text or ""
                for element in root.iter()
                if element.get("type") == "html"
                or element.tag.endswith(("encoded", "description"))
            ]
            self.assertTrue(html_parts, url)
            for part in html_parts:
                assert_inert(part, url)
            titles = [e.text for e in root.iter() if e.tag in ("title", f"{ATOM}title")]
            self.assertIn(f"Title {X}", titles)

    def test_sitemap_is_well_formed(self):
        response = self.client.get("/sitemap.xml")
        self.assertEqual(response.status_code, 200)
        ET.fromstring(response.content)  # noqa: S314 - our own sitemap

    def test_admin_pages(self):
        self.client.force_login(self.admin)
        for url in (
            "/admin/",
            f"/admin/pages/{self.blog.pk}/",
            f"/admin/pages/{self.post.pk}/edit/",
            f"/admin/pages/{self.post.pk}/history/",
            "/admin/pages/search/?q=Title",
            reverse("wagtailsnippets_posts_person:list"),
            reverse("wagtailsnippets_posts_category:list"),
            "/admin/images/",
            f"/admin/images/{self.image.pk}/",
        ):
            assert_inert(self.get_ok(url), url)


class AdminMessagesAndEmailTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        from editorial.roles import add_to_blog

        cls.home = make_home()
        cls.blog = make_blog(cls.home, "Government Technology", slug="technology")
        cls.person = make_person("Khidr Suleman")
        cls.writer = make_user("writer", (cls.blog, "writers"))
        cls.reviewer = make_user("reviewer", (cls.blog, "reviewers"))
        add_to_blog(cls.reviewer, cls.blog, "reviewers")

    def test_messages_and_notifications_after_submitting_a_hostile_title(self):
        from tests.editorial.base import post_form

        self.client.force_login(self.writer)
        data = post_form(
            f"Title {X}",
            slug="hostile",
            authors=[self.person],
            body=[("paragraph", rich_text(RICH, features=PARAGRAPH_FEATURES))],
        )
        data["action-submit"] = "1"
        url = reverse("wagtailadmin_pages:add", args=["posts", "postpage", self.blog.pk])
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, data, follow=True)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        assert_inert(html, "admin after submit")
        self.assertTrue(PostPage.objects.filter(slug="hostile").exists())
        # The messages framework showed the title (as text).
        self.assertIn(escape(f"Title {X}")[:40], html)
        self.assertTrue(mail.outbox, "no notification sent")
        for message in mail.outbox:
            self.assertNotIn("\n", message.subject)
            for content, mimetype in getattr(message, "alternatives", []):
                if mimetype == "text/html":
                    assert_inert(content, "notification e-mail")
