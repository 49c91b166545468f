"""The database connection as settings.base configures it for PostgreSQL."""

import pytest

from django.db import connection

from demo.factories import make_post
from posts.models import PostPage

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
def test_a_query_run_again_is_prepared_and_answers_right(blog):
    post = make_post(blog, "Prepared")

    # Planning was most of a page's time in PostgreSQL: a query a connection has run
    # five times is prepared, and later runs with other values still find their rows.
    def titles(pk):
        return list(PostPage.objects.filter(pk=pk).values_list("title", flat=True))

    def prepared():
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return [row[0] for row in cursor.fetchall()]

    assert connection.features.uses_server_side_binding
    for _ in range(5):
        assert titles(post.pk) == [post.title]
    assert any('"posts_postpage"' in statement for statement in prepared())
    assert titles(post.pk + 1000) == []
    assert titles(post.pk) == [post.title]
