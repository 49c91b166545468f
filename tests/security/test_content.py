"""Content safety: rich text sanitised on the server, no raw HTML for writers, private
pages and drafts kept out of every public listing, previews never cached for readers."""

import json

from django.test import TestCase, override_settings
from django.urls import reverse

from wagtail import blocks
from wagtail.admin.forms.pages import PageViewRestrictionForm
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.fields import StreamField
from wagtail.models import Page, PageViewRestriction, get_page_models

from demo.factories import make_post, make_standard_page, make_user
from home.models import StandardPage
from posts.models import PostPage

from .base import TwoBlogsTestCase

HOSTILE_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "jav&#x09;ascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
]


def contentstate_link(url, text="click me"):
    """What Draftail posts for a paragraph holding one link: crafted by hand, as an attacker
    would send it, rather than converted from HTML (the converter would drop the link)."""
    return json.dumps(
        {
            "blocks": [
                {
                    "key": "a1b2c",
                    "text": text,
                    "type": "unstyled",
                    "depth": 0,
                    "inlineStyleRanges": [],
                    "entityRanges": [{"offset": 0, "length": len(text), "key": 0}],
                    "data": {},
                }
            ],
            "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": url}}},
        }
    )


def assert_no_script_link(testcase, html):
    lowered = "".join(html.lower().split())
    for scheme in ("javascript:", "vbscript:", "data:text/html", "jav&#x09;ascript"):
        testcase.assertNotIn(f'href="{scheme}', lowered)


class RichTextSanitisingTests(TwoBlogsTestCase):
    def post_as_writer(self, body, title):
        from tests.editorial.base import post_form

        self.client.force_login(self.writer)
        data = post_form(
            title, slug=title.lower().replace(" ", "-"), authors=[self.author], body=body
        )
        url = reverse("wagtailadmin_pages:add", args=["posts", "postpage", self.blog.pk])
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, data)
        self.assertEqual(
            response.status_code,
            302,
            getattr(response, "context", None) and response.context.get("errors_debug"),
        )
        return PostPage.objects.get(title=title).get_latest_revision_as_object()

    def test_script_links_are_stripped_from_paragraphs_and_nested_rich_text(self):
        for number, url in enumerate(HOSTILE_URLS):
            body = [
                ("paragraph", contentstate_link(url)),
                ("callout", {"style": "inset", "heading": "", "text": contentstate_link(url)}),
                (
                    "speaker",
                    {
                        "speaker": {
                            "person": "",
                            "name": "Jason",
                            "job_title": "",
                            "organisation": "",
                        },
                        "talk_title": "",
                        "write_up": contentstate_link(url),
                    },
                ),
            ]
            with self.subTest(url=url):
                post = self.post_as_writer(body, f"Hostile link {number}")
                stored = json.dumps(list(post.body.raw_data))
                self.assertIn("click me", stored)
                assert_no_script_link(self, stored.replace('\\"', '"'))
                self.client.force_login(self.reviewer)
                preview = self.client.get(reverse("wagtailadmin_pages:view_draft", args=[post.pk]))
                assert_no_script_link(self, preview.content.decode())

    def test_script_links_are_stripped_from_standard_pages(self):
        admin = make_user("root", is_superuser=True)
        self.client.force_login(admin)
        page = make_standard_page(self.home, "About", "<p>About us</p>")
        data = {
            "title": "About",
            "slug": "about",
            "summary": "",
            "body": contentstate_link("javascript:alert(document.cookie)"),
            "last_reviewed": "",
            "seo_title": "",
            "search_description": "",
            "social_image": "",
            "go_live_at": "",
            "expire_at": "",
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
            "comments-MIN_NUM_FORMS": "0",
            "comments-MAX_NUM_FORMS": "1000",
        }
        response = self.client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
        self.assertEqual(response.status_code, 302)
        stored = StandardPage.objects.get(pk=page.pk).get_latest_revision_as_object().body
        self.assertIn("click me", stored)
        assert_no_script_link(self, stored)


class NoRawHtmlTests(TestCase):
    def walk(self, block):
        yield block
        for child in getattr(block, "child_blocks", {}).values():
            yield from self.walk(child)
        if hasattr(block, "child_block"):
            yield from self.walk(block.child_block)

    def test_no_page_offers_a_raw_html_block_or_html_table_cells(self):
        for model in get_page_models():
            for field in model._meta.get_fields():
                if not isinstance(field, StreamField):
                    continue
                for block in self.walk(field.stream_block):
                    with self.subTest(model=model.__name__, block=block.name):
                        self.assertNotIsInstance(block, blocks.RawHTMLBlock)
                        if isinstance(block, TableBlock):
                            self.assertNotEqual(block.table_options.get("renderer"), "html")
                        if isinstance(block, blocks.RichTextBlock):
                            self.assertNotIn("embed", block.features or [])


class VisibilityTests(TwoBlogsTestCase):
    """Drafts and private posts stay out of search, the sitemap, feeds and listings."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.draft = make_post(
            cls.blog, "Zanzibar draft", authors=[cls.author], publish=False, summary="Zanzibar."
        )
        cls.private = make_post(
            cls.blog, "Zanzibar private", authors=[cls.author], summary="Zanzibar staff only."
        )
        PageViewRestriction.objects.create(page=cls.private, restriction_type="login")
        # A published post that was later changed in a draft: the draft's words stay hidden.
        cls.post.title = "Quokka unpublished change"
        cls.post.save_revision()

    def assertHidden(self, url):
        response = self.client.get(url)
        self.assertIn(response.status_code, (200, 404), url)
        text = response.content.decode()
        for secret in ("Zanzibar draft", "Zanzibar private", "staff only", "Quokka unpublished"):
            self.assertFalse(secret in text, f"{secret!r} shown at {url}")

    def test_public_listings(self):
        for url in (
            "/search/?q=Zanzibar",
            "/search/?q=Quokka",
            "/search/suggest/?q=Zanz",
            "/sitemap.xml",
            self.blog.url,
            f"{self.blog.url}feed/",
            f"{self.blog.url}feed/atom/",
            f"{self.blog.url}author/{self.author.slug}/",
            f"{self.blog.url}author/{self.author.slug}/feed/atom/",
            "/all-posts/",
            "/",
        ):
            self.assertHidden(url)

    def test_the_pages_themselves(self):
        self.assertEqual(self.client.get(f"{self.blog.url}zanzibar-draft/").status_code, 404)
        response = self.client.get(self.private.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn("login", response["Location"])

    def test_there_is_no_public_api(self):
        for url in ("/api/v2/pages/", "/api/v2/pages/?search=Zanzibar", "/api/"):
            self.assertEqual(self.client.get(url).status_code, 404, url)

    def test_no_shared_password_restrictions(self):
        form = PageViewRestrictionForm(
            private_page_options=[c[0] for c in PageViewRestriction.RESTRICTION_CHOICES]
        )
        self.assertNotIn("password", form.fields)
        choices = [c[0] for c in form.fields["restriction_type"].choices]
        self.assertNotIn(PageViewRestriction.PASSWORD, choices)


@override_settings(BULLETIN_REQUIRE_2FA=False)
class PreviewCachingTests(TwoBlogsTestCase):
    NO_STORE = ("no-store", "private")

    def assertNotCacheable(self, response):
        cache_control = response.get("Cache-Control", "")
        for directive in self.NO_STORE:
            self.assertIn(directive, cache_control)

    def test_previews_and_drafts_are_never_stored(self):
        self.client.force_login(self.reviewer)
        post = Page.objects.get(pk=self.post.pk).specific
        post.title = "Unreleased title"
        post.save_revision()
        draft = self.client.get(reverse("wagtailadmin_pages:view_draft", args=[post.pk]))
        self.assertEqual(draft.status_code, 200)
        self.assertContains(draft, "Unreleased title")
        self.assertNotCacheable(draft)
        from tests.editorial.base import post_form

        data = post_form("Previewed title", authors=[self.author], page=post)
        url = reverse("wagtailadmin_pages:preview_on_edit", args=[post.pk])
        self.assertEqual(self.client.post(url, data).status_code, 200)
        preview = self.client.get(url)
        self.assertContains(preview, "Previewed title")
        self.assertNotCacheable(preview)

    def test_what_an_editor_sees_is_not_served_to_readers(self):
        self.client.force_login(self.reviewer)
        post = Page.objects.get(pk=self.post.pk).specific
        post.title = "Unreleased title"
        post.save_revision()
        editor = self.client.get(self.post.url)
        self.assertContains(editor, "wagtail-userbar")
        self.assertIn("Cookie", editor.get("Vary", ""))
        self.client.logout()
        reader = self.client.get(self.post.url)
        self.assertNotContains(reader, "wagtail-userbar")
        self.assertNotContains(reader, "Unreleased title")
        self.assertNotContains(self.client.get(self.post.url, {"preview": "1"}), "Unreleased")
