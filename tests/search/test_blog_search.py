"""Searching one blog from its masthead: the box says which blog it searches, the results
keep to that blog, and a link widens the search to every blog."""

from bs4 import BeautifulSoup

from tests.html import assert_csp_safe, soup
from tests.search.base import SearchTestCase
from tests.search.test_filters import CLOUD, CODING, DATA, titles


class BlogSearchTests(SearchTestCase):
    def submit_masthead_form(self, page_url, words):
        """Fill in and send the masthead's search form of `page_url` as a browser does."""
        form = soup(self.client.get(page_url)).select_one('header form[role="search"]')
        params = {field["name"]: field.get("value", "") for field in form.select("input")}
        params["q"] = words
        response = self.client.get(form["action"], params)
        self.assertEqual(response.status_code, 200)
        return response

    def test_the_masthead_box_searches_its_blog_only(self):
        for url in ("/technology/", self.posts[CODING].url):
            response = self.submit_masthead_form(url, "security")
            self.assertEqual(titles(response), {CODING, CLOUD})
        response = self.submit_masthead_form("/data/", "security")
        self.assertEqual(titles(response), {DATA})

    def test_the_results_say_which_blog_and_offer_every_blog(self):
        response = self.submit_masthead_form("/technology/", "security")
        page = soup(response)
        assert_csp_safe(page)
        label = page.main.find("label", attrs={"for": "search-q"})
        self.assertEqual(label.get_text(strip=True), "Search Government Technology")
        # The page's form keeps to the blog when searched again.
        self.assertEqual(page.main.select_one('input[name="blog"]')["value"], "technology")
        widen = page.select_one(".bulletin-widen a")
        self.assertEqual(widen.get_text(strip=True), "Search all blogs for “security”")
        self.assertEqual(widen["href"], "/search/?q=security")
        self.assertEqual(titles(self.client.get(widen["href"])), {CODING, CLOUD, DATA})

    def test_widening_keeps_the_other_filters_and_escapes_the_words(self):
        response = self.client.get(
            "/search/", {"q": '<b>security</b> "x"', "blog": "technology", "category": "security"}
        )
        html = response.content.decode()
        self.assertNotIn("<b>security</b>", html)
        widen = soup(response).select_one(".bulletin-widen a")
        self.assertIn("category=security", widen["href"])
        self.assertNotIn("blog=", widen["href"])
        self.assertEqual(widen.get_text(strip=True), 'Search all blogs for “<b>security</b> "x"”')

    def test_no_widening_link_without_a_blog_or_words(self):
        for params in ({"q": "security"}, {"blog": "technology"}):
            page = soup(self.client.get("/search/", params))
            self.assertIsNone(page.select_one(".bulletin-widen"), params)
            if "blog" not in params:
                label = page.main.find("label", attrs={"for": "search-q"})
                self.assertEqual(label.get_text(strip=True), "Search all blogs")

    def test_an_unknown_blog_is_a_clear_400(self):
        response = self.client.get("/search/", {"q": "security", "blog": "nope"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("There is no blog with that name", response.content.decode())
        page = BeautifulSoup(response.content, "html.parser")
        self.assertIsNone(page.select_one(".bulletin-widen"))
