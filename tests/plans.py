"""The database's plan for a query, on PostgreSQL or SQLite, for tests that an index
answers it."""

from django.db import connection


def query_plan(queryset, seqscan=True):
    """The plan of `queryset` as one string. `seqscan=False` tells PostgreSQL not to
    read whole tables where it has a choice (a test's few rows would make that cheapest):
    what remains shows the indexes that can answer the query."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if not seqscan:
                cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return " ".join(str(row) for row in cursor.fetchall())
