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
"""

from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend
from modelsearch.backends.database.postgres.postgres import (
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from modelsearch.query import Fuzzy, MatchAll, Not

from django.db import connection
from django.db.models import Case, Count, F, Func, Value, When, Window
from django.db.models.fields import FloatField
from django.db.models.lookups import LessThanOrEqual

DOCUMENT_FUNCTION = "bulletin_search_document"
DOCUMENT_INDEX = "search_indexentry_document_gin"
MAX_BODY_RANKED = 500


class SearchDocument(Func):
    """The title and body vectors together, as the GIN index holds them."""

    function = DOCUMENT_FUNCTION
    arity = 2


class IndexedQueryCompiler(PostgresSearchQueryCompiler):
    def search(self, config, start, stop, score_field=None, backend=None):
        # Searches through the index only: the fields of `fields=` and fuzzy searches
        # (neither used by Bulletin's pages) stay Wagtail's.
        if self.fields is not None or isinstance(self.query, (MatchAll, Not, Fuzzy)):
            return super().search(config, start, stop, score_field, backend)
        search_query = self.build_tsquery(self.query, config=config)
        document = SearchDocument(F("index_entries__title"), F("index_entries__body"))
        queryset = self.queryset.annotate(_document_=document).filter(_document_=search_query)
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
