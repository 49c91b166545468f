"""The database's plan for a query, on PostgreSQL or SQLite, for tests that an index
answers it."""

from django.db import connection

from wagtail.models import Page


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


def posts_under(blog, count=600):
    """`count` live pages under `blog`, written straight into the page table, and the
    planner's statistics of them: a network's shape, so that a plan test does not turn on
    whatever statistics autovacuum last took of the tests' few pages."""
    Page.objects.bulk_create(
        Page(
            title=f"Post {n}",
            slug=f"post-{n}",
            path=f"{blog.path}{n:04d}",
            depth=blog.depth + 1,
            content_type_id=blog.content_type_id,
            locale_id=blog.locale_id,
            live=True,
        )
        for n in range(1, count + 1)
    )
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE wagtailcore_page" if postgres else "ANALYZE")
