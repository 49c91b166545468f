"""/search/suggest/?q=: titles of live, public posts, as JSON, at most 8."""

import json

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
