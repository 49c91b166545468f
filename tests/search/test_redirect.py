"""Old WordPress search links: ?s=term on a blog answers 301 to the network search."""

from urllib.parse import parse_qs, urlsplit

from tests.search.base import SearchTestCase


class BlogSearchRedirectTests(SearchTestCase):
    def redirect(self, path, **params):
        response = self.client.get(path, params)
        self.assertEqual(response.status_code, 301)
        location = urlsplit(response["Location"])
        self.assertEqual(location.path, "/search/")
        return parse_qs(location.query)

    def test_s_on_a_blog_searches_that_blog(self):
        self.assertEqual(
            self.redirect("/technology/", s="open source"),
            {"q": ["open source"], "blog": ["technology"]},
        )

    def test_s_on_a_blog_archive_too(self):
        self.assertEqual(
            self.redirect("/data/category/statistics/", s="open"),
            {"q": ["open"], "blog": ["data"]},
        )

    def test_the_term_is_url_encoded_so_no_header_can_be_injected(self):
        response = self.client.get("/technology/", {"s": "a\r\nSet-Cookie: x=1&blog=data#"})
        self.assertEqual(response.status_code, 301)
        self.assertNotIn("\n", response["Location"])
        self.assertNotIn("Set-Cookie", response.headers)
        self.assertEqual(
            parse_qs(urlsplit(response["Location"]).query),
            {"q": ["a\r\nSet-Cookie: x=1&blog=data#"], "blog": ["technology"]},
        )

    def test_a_long_term_is_cut_and_an_empty_one_opens_the_form(self):
        self.assertEqual(len(self.redirect("/technology/", s="x" * 5000)["q"][0]), 200)
        self.assertEqual(self.redirect("/technology/", s=""), {"blog": ["technology"]})

    def test_the_redirect_leads_to_results(self):
        response = self.client.get("/technology/", {"s": "security"}, follow=True)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "2 results for")
