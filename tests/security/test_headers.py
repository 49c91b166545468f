"""Security headers on every kind of response: pages, errors, admin, documents, static."""

import re
import shutil
import tempfile

from django.conf import settings
from django.core.files.base import ContentFile
from django.test import TestCase, override_settings

from wagtail.documents import get_document_model

from demo.factories import make_blog, make_home, make_post, make_user
from tests.html import soup

FILE_STORAGE = "django.core.files.storage.FileSystemStorage"
COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def directives(response):
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


class HeaderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.blog = make_blog(cls.home, "Government Technology", slug="technology")
        cls.post = make_post(cls.blog, "Headers everywhere")
        cls.editor = make_user("editor", is_superuser=True)

    def assertSecurityHeaders(self, response):
        for name, value in COMMON_HEADERS.items():
            self.assertEqual(response.get(name), value, name)
        self.assertIn("camera=()", response["Permissions-Policy"])
        self.assertIn("geolocation=()", response["Permissions-Policy"])
        csp = directives(response)
        self.assertIn("frame-ancestors", csp)
        self.assertEqual(csp.get("object-src", csp.get("default-src")), ["'none'"])
        for directive in ("script-src", "default-src"):
            self.assertNotIn("'unsafe-eval'", csp.get(directive, []))

    def assertStrictPolicy(self, response):
        """The readers' policy: nothing inline, no framing."""
        csp = directives(response)
        self.assertEqual(csp["default-src"], ["'none'"])
        self.assertNotIn("'unsafe-inline'", csp["script-src"])
        self.assertNotIn("'unsafe-inline'", csp["style-src"])
        self.assertEqual(csp["frame-ancestors"], ["'none'"])
        self.assertEqual(csp["base-uri"], ["'none'"])
        self.assertEqual(csp["object-src"], ["'none'"])
        self.assertEqual(response["X-Frame-Options"], "DENY")

    def test_page_scripts_are_the_sites_own_files_without_a_nonce(self):
        # Readers' pages are cached whole and shared: a nonce would be the same for every
        # reader, so the policy allows the site's own script files and nothing inline.
        response = self.client.get(self.post.url)
        self.assertEqual(response.status_code, 200)
        self.assertSecurityHeaders(response)
        self.assertStrictPolicy(response)
        self.assertEqual(directives(response)["script-src"], ["'self'"])
        scripts = soup(response).find_all("script", src=True)
        self.assertTrue(scripts)
        for script in scripts:
            self.assertTrue(script["src"].startswith("/static/"), script)
            self.assertFalse(script.has_attr("nonce"))
        # Served from the page cache, with the same headers.
        again = self.client.get(self.post.url)
        self.assertEqual(again["X-Page-Cache"], "hit")
        self.assertSecurityHeaders(again)
        self.assertStrictPolicy(again)
        self.assertEqual(again["Content-Security-Policy"], response["Content-Security-Policy"])

    def test_not_found(self):
        response = self.client.get("/no-such-page/")
        self.assertEqual(response.status_code, 404)
        self.assertSecurityHeaders(response)
        self.assertStrictPolicy(response)

    @override_settings(ROOT_URLCONF="tests.security.urls_raising")
    def test_server_error(self):
        self.client.raise_request_exception = False
        with self.assertLogs("django.request", "ERROR"):
            response = self.client.get("/broken/")
        self.assertEqual(response.status_code, 500)
        self.assertSecurityHeaders(response)
        self.assertStrictPolicy(response)

    def test_bad_host_answer(self):
        response = self.client.get("/", headers={"host": "evil.example"})
        self.assertEqual(response.status_code, 400)
        self.assertSecurityHeaders(response)

    def test_admin_has_its_own_policy_that_still_forbids_framing_by_others(self):
        for url in ("/admin/login/", "/admin/"):
            self.client.force_login(self.editor) if url == "/admin/" else None
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertSecurityHeaders(response)
            csp = directives(response)
            self.assertEqual(csp["frame-ancestors"], ["'self'"])
            self.assertEqual(csp["object-src"], ["'none'"])
            self.assertFalse(any(s.startswith("'nonce-") for s in csp["script-src"]))
            self.assertIn("'unsafe-inline'", csp["script-src"])

    def test_admin_policy_does_not_leak_to_similar_paths(self):
        response = self.client.get("/administrator/")
        self.assertStrictPolicy(response)

    def test_documents_are_downloads_with_a_closed_policy(self):
        # Served from a real file, as in production (the test storage has no paths).
        media = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, media)
        storages = {**settings.STORAGES, "default": {"BACKEND": FILE_STORAGE}}
        with override_settings(MEDIA_ROOT=media, STORAGES=storages):
            document = get_document_model()(title="Annual report")
            document.file.save("report.pdf", ContentFile(b"%PDF-1.4 not really"))
            response = self.client.get(document.url)
        self.assertEqual(response.status_code, 200)
        self.assertSecurityHeaders(response)
        self.assertTrue(response["Content-Disposition"].startswith("attachment"))
        self.assertEqual(directives(response)["default-src"], ["'none'"])

    def test_static_files(self):
        response = self.client.get("/static/js/bulletin.js")
        self.assertEqual(response.status_code, 200)
        self.assertSecurityHeaders(response)

    def test_plain_text_and_feeds(self):
        for url in ("/robots.txt", "/.well-known/security.txt", f"{self.blog.url}feed/atom/"):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertSecurityHeaders(response)

    def test_no_inline_script_or_style_on_public_pages(self):
        for url in ("/", self.blog.url, self.post.url, "/search/?q=open"):
            html = self.client.get(url).content.decode()
            self.assertIsNone(
                re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)", html), url
            )
            self.assertNotIn(" style=", html, url)
