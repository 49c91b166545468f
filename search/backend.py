"""Wagtail's database search backend, with a PostgreSQL query the planner can answer from
a GIN index and that ranks bodies only when a search finds few posts.

Wagtail's PostgreSQL backend filters on `(title || body) @@ query`. PostgreSQL prices that
concatenation like any operator, as if free, so it reads and joins the title and body
vectors of every index entry (most are in TOAST) rather than use the GIN index on the
expression: 160 ms for a word in 50 of the 5,000 bench posts, 9 ms through the index.
Here the filter is `bulletin_search_document(title, body) @@ query`, a function of ours
(search/migrations/0002_search_document_gin.py) declared costly, with a GIN index on it.

Ranking: `ts_rank` of each match's body (its vector read from TOAST) is most of a
search that matches thousands of posts. The title's rank is cheap and always counts; the
body's counts only when the search finds MAX_BODY_RANKED posts or fewer. Above that, the
posts whose titles (then summaries) hold the reader's words still come first
(search.ranking), and the rest the latest created first (page id) rather than by how
often their bodies say the words. Other databases (SQLite in development) keep Wagtail's
own backend.

Phrases: the GIN index knows which entries hold which words, not where, so for a phrase
PostgreSQL rechecks every entry holding its words, and rechecking the indexed expression
called the PL/pgSQL function and joined two vectors read from TOAST each time. The index
is asked for the phrase's words (answered exactly, no recheck) and the phrase is checked
against `bulletin_document`, the two vectors stored together
(search/migrations/0003_stored_search_document.py): the same matches, a third of the cost.
A quoted phrase that leaves one word once the common words are dropped ("the teams") is
no phrase: the check is planned away (PhraseCheck), the index's answer is exact.

Plans: a search is planned for its own words every time (planned_for_its_words), never
prepared once for all words.
"""

from contextlib import contextmanager

from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend
from modelsearch.backends.database.postgres.postgres import (
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from modelsearch.query import And, Fuzzy, MatchAll, Not, Or, Phrase

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connection, connections
from django.db.models import Case, Count, Expression, F, Func, Value, When, Window
from django.db.models.fields import BooleanField, FloatField
from django.db.models.lookups import LessThanOrEqual

DOCUMENT_FUNCTION = "bulletin_search_document"
DOCUMENT_INDEX = "search_indexentry_document_gin"
DOCUMENT_COLUMN = "bulletin_document"
MAX_BODY_RANKED = 500


class SearchDocument(Func):
    """The title and body vectors together, as the GIN index holds them."""

    function = DOCUMENT_FUNCTION
    arity = 2


class StoredDocument(Expression):
    """The `bulletin_document` column of the index entry whose title is `title` (a column
    Django's model of the index entry does not have)."""

    output_field = SearchVectorField()

    def __init__(self, title):
        super().__init__()
        self.title = title

    def get_source_expressions(self):
        return [self.title]

    def set_source_expressions(self, expressions):
        (self.title,) = expressions

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(self.title.alias)
        return f"{table}.{connection.ops.quote_name(DOCUMENT_COLUMN)}", []


class PhraseCheck(Expression):
    """`stored @@ query`, or true when `query` equals `words` (the query with its phrases
    as words): a quoted phrase of one word and common words ("the teams") is no phrase,
    and the GIN index answered it exactly. Both are constants, so PostgreSQL compares
    them when planning and drops the check, which read every candidate's stored vector
    from TOAST."""

    output_field = BooleanField()

    def __init__(self, stored, query, words):
        super().__init__()
        self.stored, self.query, self.words = stored, query, words

    def get_source_expressions(self):
        return [self.stored, self.query, self.words]

    def set_source_expressions(self, expressions):
        self.stored, self.query, self.words = expressions

    def as_sql(self, compiler, connection):
        stored, stored_params = compiler.compile(self.stored)
        query, query_params = compiler.compile(self.query)
        words, words_params = compiler.compile(self.words)
        sql = f"(({words}) = ({query}) OR {stored} @@ ({query}))"
        return sql, [*words_params, *query_params, *stored_params, *query_params]


@contextmanager
def planned_for_its_words(using):
    """Queries run inside are planned for the values they are sent with, not prepared.

    settings.base has a kept connection prepare the statements it has run five times, and
    PostgreSQL may then keep a generic plan for one, made without its values. A search's
    statement is the same text for every word, and a plan that does not know the word
    cannot know how many posts hold it: first-time searches on the bench network took
    1.5 to 1.7 times as long with it (docs/benchmarks.md, "Session 14"). psycopg's
    threshold is the connection's, so it is lifted only while inside."""
    database = connections[using]
    if database.vendor != "postgresql":
        yield
        return
    database.ensure_connection()
    raw = database.connection
    threshold = raw.prepare_threshold
    raw.prepare_threshold = None  # psycopg: no statement is prepared or reused
    try:
        yield
    finally:
        raw.prepare_threshold = threshold


def has_phrase(query):
    if isinstance(query, Phrase):
        return True
    return isinstance(query, (And, Or)) and any(has_phrase(q) for q in query.subqueries)


class IndexedQueryCompiler(PostgresSearchQueryCompiler):
    phrases_as_words = False

    def build_tsquery_content(self, query, config=None, invert=False):
        # A phrase's words in any order: every entry with the phrase holds them (not so
        # under a Not, left as it is).
        if self.phrases_as_words and isinstance(query, Phrase) and not invert:
            return SearchQuery(query.query_string, search_type="plain", config=config)
        return super().build_tsquery_content(query, config, invert)

    def words_tsquery(self, config):
        self.phrases_as_words = True
        try:
            return self.build_tsquery(self.query, config=config)
        finally:
            self.phrases_as_words = False

    def search(self, config, start, stop, score_field=None, backend=None):
        # Searches through the index only: the fields of `fields=` and fuzzy searches
        # (neither used by Bulletin's pages) stay Wagtail's.
        if self.fields is not None or isinstance(self.query, (MatchAll, Not, Fuzzy)):
            return super().search(config, start, stop, score_field, backend)
        search_query = self.build_tsquery(self.query, config=config)
        document = SearchDocument(F("index_entries__title"), F("index_entries__body"))
        queryset = self.queryset.annotate(_document_=document)
        if has_phrase(self.query):
            words_query = self.words_tsquery(config)
            queryset = queryset.filter(_document_=words_query)
            stored = StoredDocument(F("index_entries__title"))
            check = PhraseCheck(stored, search_query, words_query)
            queryset = queryset.annotate(_phrase_=check).filter(_phrase_=True)
        else:
            queryset = queryset.filter(_document_=search_query)
        title_rank = self.build_tsrank(F("index_entries__title"), self.query, config=config) * F(
            "index_entries__title_norm"
        )
        body_rank = self.build_tsrank(F("index_entries__body"), self.query, config=config)
        # Evaluated row by row after the matches are counted: the bodies of a search that
        # finds many posts are never read.
        rank = title_rank + Case(
            When(LessThanOrEqual(Window(Count("pk")), MAX_BODY_RANKED), then=body_rank),
            default=Value(0.0),
            output_field=FloatField(),
        )
        return self._apply_ordering_and_scoring(queryset, rank, start, stop, score_field)


class IndexedPostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = IndexedQueryCompiler


def SearchBackend(params):
    if connection.vendor == "postgresql":
        return IndexedPostgresSearchBackend(params)
    return DatabaseSearchBackend(params)
