"""On PostgreSQL the search reads the GIN index of search.backend, and ranks the bodies of
its matches only when there are few (MAX_BODY_RANKED); other databases keep Wagtail's
backend. The speed itself is measured by benchmarks/search_cold.py."""

from unittest import mock

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from wagtail.search.backends import get_search_backend
from wagtail.search.query import Phrase

from demo.build import paragraph
from demo.factories import make_home, make_post, make_technology_blog
from posts.models import PostPage
from search import backend
from tests.search.test_ranking import Searching

POSTGRES = connection.vendor == "postgresql"


class IndexUseTests(Searching):
    @classmethod
    def setUpTestData(cls):
        blog = make_technology_blog(make_home())
        often = "<p>" + "A pelican came by, and another pelican, and a third pelican. " * 6
        make_post(blog, "Notes from the lake", body=[paragraph(often + "</p>")])
        make_post(blog, "A walk", body=[paragraph("<p>We saw a pelican.</p>")])
        for n in range(20):
            make_post(blog, f"Week {n}", body=[paragraph(f"<p>Nothing much, week {n}.</p>")])

    def test_the_search_reads_the_gin_index(self):
        found = get_search_backend().search("pelican", PostPage.objects.live())
        if not POSTGRES:
            self.assertIn(
                type(get_search_backend()).__name__,
                {"SQLiteSearchBackend", "DatabaseSearchBackend"},
            )
            return
        sql, params = found.get_queryset().query.sql_with_params()
        with connection.cursor() as cursor:
            # The planner's choice depends on the table's size: on 22 entries the content
            # type's index (which holds every one) costs about as little as the GIN
            # index, and CI once saw it chosen. Entries for 3,000 more posts' worth of
            # other words give it the proportions of a real blog, where only the GIN
            # index narrows "pelican" down to a few rows.
            cursor.execute(
                """
                INSERT INTO wagtailsearch_indexentry
                    (content_type_id, object_id, title_norm, title, autocomplete, body,
                     title_text, body_text)
                SELECT %s, 'filler-' || n, 1,
                       to_tsvector('english', 'Week ' || n),
                       to_tsvector('simple', 'Week ' || n),
                       to_tsvector('english', 'Nothing much happened in week ' || n),
                       'Week ' || n, 'Nothing much happened in week ' || n
                FROM generate_series(1, 3000) AS n
                """,
                [ContentType.objects.get_for_model(PostPage).pk],
            )
            cursor.execute("ANALYZE wagtailsearch_indexentry")
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        self.assertIn(f"Bitmap Index Scan on {backend.DOCUMENT_INDEX}", plan, plan)

    def test_few_matches_are_ranked_by_their_bodies(self):
        # PostgreSQL: the body that says "pelican" 18 times first. SQLite's bm25 divides
        # by the body's length, so the short body wins there.
        expected = (
            ["Notes from the lake", "A walk"] if POSTGRES else ["A walk", "Notes from the lake"]
        )
        self.assertEqual(self.search("pelican"), expected)

    def test_many_matches_are_newest_first_after_the_title_matches(self):
        # Above MAX_BODY_RANKED matches PostgreSQL does not read the bodies to rank them;
        # the later post comes first. (SQLite's backend has no such limit: bm25 puts the
        # short body first anyway.)
        with mock.patch.object(backend, "MAX_BODY_RANKED", 1):
            titles = self.search("pelican")
        self.assertEqual(titles, ["A walk", "Notes from the lake"])

    def test_a_phrase_is_found_by_its_words_then_checked_in_the_stored_vectors(self):
        # The index answers for the words; the phrase is then checked in each match's
        # title and body together. Words in another order, or apart, are no match.
        self.assertEqual(self.search('"saw a pelican"'), ["A walk"])
        self.assertEqual(self.search('"pelican came"'), ["Notes from the lake"])
        self.assertEqual(self.search('"pelican saw"'), [])
        self.assertEqual(self.search('"lake pelican"'), [])
        self.assertEqual(self.search('"pelican came" notes'), ["Notes from the lake"])
        if POSTGRES:
            found = get_search_backend().search(Phrase("saw a pelican"), PostPage.objects.live())
            sql, _params = found.get_queryset().query.sql_with_params()
            self.assertIn(f"{backend.DOCUMENT_FUNCTION}(", sql)
            self.assertIn("plainto_tsquery(", sql)
            self.assertIn(f'."{backend.DOCUMENT_COLUMN}" @@ (phraseto_tsquery(', sql)
