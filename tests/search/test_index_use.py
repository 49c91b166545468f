"""On PostgreSQL the search reads the GIN index of search.backend, and ranks the bodies of
its matches only when there are few (MAX_BODY_RANKED); other databases keep Wagtail's
backend. The speed itself is measured by benchmarks/search_cold.py."""

from unittest import mock, skipUnless

from django.db import connection

from wagtail.search.backends import get_search_backend
from wagtail.search.query import Phrase

from demo.build import paragraph
from demo.factories import make_home, make_post, make_technology_blog
from posts.models import PostPage
from search import backend, matches
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

    def test_the_search_filters_on_the_expression_the_gin_index_holds(self):
        found = get_search_backend().search("pelican", PostPage.objects.live())
        if not POSTGRES:
            self.assertIn(
                type(get_search_backend()).__name__,
                {"SQLiteSearchBackend", "DatabaseSearchBackend"},
            )
            return
        sql, _ = found.get_queryset().query.sql_with_params()
        self.assertRegex(
            sql,
            rf'{backend.DOCUMENT_FUNCTION}\("wagtailsearch_indexentry"\."title", '
            r'"wagtailsearch_indexentry"\."body"\) @@ ',
        )

    def test_the_gin_index_answers_that_expression(self):
        # Whether the planner starts from the index or from the pages depends on the
        # tables' sizes (CI saw both on these 22 posts); what must hold on any data is
        # that the filter alone is answered by the index rather than by reading the table.
        if not POSTGRES:
            return
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            query = (
                "SELECT object_id FROM wagtailsearch_indexentry WHERE "
                "bulletin_search_document(title, body) @@ plainto_tsquery('english', %s)"
            )
            cursor.execute("EXPLAIN " + query, ["pelican"])
            plan = "\n".join(row[0] for row in cursor.fetchall())
            cursor.execute(query, ["pelican"])
            found = {int(row[0]) for row in cursor.fetchall()}
        self.assertIn(f"Bitmap Index Scan on {backend.DOCUMENT_INDEX}", plan, plan)
        self.assertEqual(
            found,
            set(
                PostPage.objects.filter(title__in=["Notes from the lake", "A walk"]).values_list(
                    "pk", flat=True
                )
            ),
        )

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

    def test_a_phrase_of_one_word_and_common_words_is_that_word(self):
        # '"a pelican"' is the word pelican (common words are not indexed): the index
        # answers it exactly, and PostgreSQL drops the check of the stored vectors when
        # planning, as it keeps it for a phrase of two words.
        self.assertEqual(self.search('"a pelican"'), self.search("pelican"))
        self.assertEqual(self.search('"a pelican" walk'), ["A walk"])
        if POSTGRES:
            for phrase, checked in (("a pelican", False), ("saw a pelican", True)):
                found = get_search_backend().search(Phrase(phrase), PostPage.objects.live())
                plan = found.get_queryset().explain()
                self.assertEqual(f"{backend.DOCUMENT_COLUMN} @@" in plan, checked, plan)

    @skipUnless(POSTGRES, "prepared statements: PostgreSQL")
    def test_a_search_is_planned_for_its_words_however_often_it_is_asked(self):
        # A kept connection prepares a statement it has run five times (settings.base),
        # and PostgreSQL may then plan it once for any word: a search's statement is the
        # same text for every word, and its plan depends on how many posts hold the word.
        # The search's statements are never prepared; other statements still are.
        for word in ("pelican", "week", "lake", "walk", "nothing", "much", "notes", "another"):
            matches.invalidate()  # as after an index update
            self.search(word)
            self.client.get("/search/suggest/", {"q": word})
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            prepared = [row[0] for row in cursor.fetchall()]
        self.assertTrue(prepared)  # the page's other statements
        self.assertFalse([s for s in prepared if "to_tsquery" in s or "@@" in s], prepared)
