"""/search/suggest/?q=: titles of live, public posts, as JSON, at most 8."""

import json

from django.db import connection
from django.test.utils import CaptureQueriesContext

from demo.factories import make_post
from tests.search.base import SearchTestCase


class SuggestTests(SearchTestCase):
    def suggest(self, q, status=200):
        response = self.client.get("/search/suggest/", {"q": q})
        self.assertEqual(response.status_code, status)
        self.assertEqual(response["Content-Type"], "application/json")
        return json.loads(response.content)

    def test_titles_starting_like_the_words_typed(self):
        self.assertEqual(self.suggest("secur")["suggestions"], ["Securing our cloud platform"])
        self.assertEqual(
            set(self.suggest("open")["suggestions"]),
            {"Coding in the open", "Open data for everyone"},
        )
        self.assertEqual(self.suggest("open dat")["suggestions"], ["Open data for everyone"])

    def test_within_one_blog(self):
        # The masthead's box on a blog's pages searches that blog: so do its suggestions.
        make_post(self.data, "Open questions on data", slug="open-questions")
        response = self.client.get("/search/suggest/", {"q": "open", "blog": self.data.slug})
        self.assertEqual(
            set(json.loads(response.content)["suggestions"]),
            {"Open data for everyone", "Open questions on data"},
        )
        response = self.client.get("/search/suggest/", {"q": "open", "blog": "no-such-blog"})
        self.assertEqual(response.status_code, 400)

    def test_only_titles_are_suggested(self):
        # "sprint" is in a body only.
        self.assertEqual(self.suggest("sprint")["suggestions"], [])

    def test_at_most_eight(self):
        for n in range(12):
            make_post(self.data, f"Pelican {n}", slug=f"pelican-{n}")
        self.assertEqual(len(self.suggest("pelic")["suggestions"]), 8)

    def test_empty_or_bad_input(self):
        self.assertEqual(self.suggest("")["suggestions"], [])
        self.assertEqual(self.suggest('"&|!*')["suggestions"], [])
        self.assertEqual(self.suggest("<script>")["suggestions"], [])
        self.assertIn("error", self.suggest("x" * 10_000, status=400))
        self.assertEqual(self.client.post("/search/suggest/", {"q": "open"}).status_code, 405)

    def test_fewer_than_three_letters_search_nothing(self):
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.suggest("se")["suggestions"], [])
            self.assertEqual(self.suggest(" o  p ")["suggestions"], [])
        # The middleware's site lookup only (which brings the blogs, posts_blogpage, with
        # the home page: contentcache.pages): no search, no post.
        searched = [
            q["sql"] for q in queries if "indexentry" in q["sql"] or "posts_postpage" in q["sql"]
        ]
        self.assertEqual(searched, [])
        self.assertEqual(self.suggest("sec")["suggestions"], ["Securing our cloud platform"])

    def test_a_title_is_data_never_markup(self):
        title = '<img src=x onerror="alert(1)"> Pelican & "friends"'
        make_post(self.data, title, slug="pelican-markup")
        response = self.client.get("/search/suggest/", {"q": "pelic"})
        self.assertEqual(json.loads(response.content)["suggestions"], [title])
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        # Escaped as well, so that nothing in it is markup even if read as HTML.
        self.assertFalse({"<", ">", "&"} & set(response.content.decode()))

    def test_the_longest_query_allowed_is_answered(self):
        self.assertEqual(self.suggest("ab " * 66 + "op")["suggestions"], [])
