"""The number of SQL queries a search costs is fixed, whatever the number of results."""

import datetime

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from demo.factories import make_category, make_person, make_post
from search import matches as search_matches
from tests.search.base import DAY, SearchTestCase, body_text


def count_queries(client, url, params, cold=False):
    client.get(url, params)  # warm the caches (site root paths, content types, settings)
    if cold:
        search_matches.invalidate()  # as after a post is published: the search runs again
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return len(queries)


# What running a search costs: served again from the page cache it would cost none.
@override_settings(BULLETIN_PAGE_CACHE=False)
class QueryCountTests(SearchTestCase):
    FILTERED = {
        "blog": "technology",
        "category": "topic-1",
        "author": "writer-1",
        "from": "2024-03-01",
        "to": "2024-12-31",
    }

    def add_posts(self, count, start=0):
        people = [make_person(f"Writer {n}") for n in range(3)]
        categories = [make_category(f"Topic {n}") for n in range(3)]
        for n in range(start, start + count):
            make_post(
                self.technology if n % 2 else self.data,
                f"Kestrel report {n}",
                slug=f"kestrel-{n}",
                date=DAY + datetime.timedelta(days=n),
                authors=people,
                categories=[*categories, self.security],
                tags=["birds", "kestrels"],
                body=body_text("Kestrels hover.", "Kestrel numbers are up."),
            )

    def counts(self, cold=False):
        """Queries beyond those of the page shell (header, footer: the empty search form)."""
        shell = count_queries(self.client, "/search/", {})

        def search(**params):
            return count_queries(self.client, "/search/", params, cold) - shell

        return (
            search(q="kestrel"),
            search(q="kestrel", page="2"),
            search(q='"kestrel report"', **self.FILTERED),
            search(q="nothing-matches-this"),
            count_queries(self.client, "/search/suggest/", {"q": "kest"}),
        )

    def test_query_counts_are_pinned(self):
        self.add_posts(11)
        # A search asked again is answered from the cache: no full-text queries at all.
        # Suggestions asked again come from the cache too: no query at all (it was 2).
        # The blogs and categories the facets name come from the content cache, and a
        # search already asked today counts its hit in one query. On PostgreSQL the
        # results' authors come with them; elsewhere they are one more query. A search
        # with no editors' picks asks nothing about picks (the promoted searches are kept).
        postgresql = connection.vendor == "postgresql"
        self.assertEqual(self.counts(), (2, 1, 5, 2, 0) if postgresql else (3, 2, 6, 2, 0))
        # Asked for the first time: every match, ranked, with its categories on PostgreSQL;
        # elsewhere the category counts are one more. A search that finds nothing works
        # out its suggestions again (two more) but has no categories to count. The
        # typeahead's suggestions are counted warm both times.
        cold = (3, 2, 6, 5, 0) if postgresql else (5, 4, 8, 5, 0)
        self.assertEqual(self.counts(cold=True), cold)

    def test_suggestions_cost_one_query_then_none(self):
        self.add_posts(11)
        # The title search (the view restrictions are kept under the content version),
        # then the cache until the index changes.
        cold = count_queries(self.client, "/search/suggest/", {"q": "kest"}, cold=True)
        self.assertEqual(cold, 1)
        self.assertEqual(count_queries(self.client, "/search/suggest/", {"q": "kest"}), 0)

    def test_more_results_cost_no_more_queries(self):
        self.add_posts(11)
        few, few_cold = self.counts(), self.counts(cold=True)
        self.add_posts(30, start=11)
        self.assertEqual((self.counts(), self.counts(cold=True)), (few, few_cold))
