"""The GIN index search.backend filters on, replacing the one on `title || body`.

The planner takes `title || body` for free and reads every index entry rather than the
index (search/backend.py). `bulletin_search_document` computes the same vector in
PL/pgSQL, which PostgreSQL does not inline, declared COST 1000, so a scan of the table is
priced as what it is and the GIN index on the function is used. Built CONCURRENTLY so a
live index table is not locked; other databases need nothing.
"""

from django.db import migrations

FUNCTION = "bulletin_search_document"
INDEX = "search_indexentry_document_gin"
OLD_INDEX = "search_indexentry_title_body_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE OR REPLACE FUNCTION {FUNCTION}(title tsvector, body tsvector) "
        "RETURNS tsvector LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 1000 "
        "AS $$ BEGIN RETURN title || body; END $$"
    )
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} "
        f"ON wagtailsearch_indexentry USING gin ({FUNCTION}(title, body))"
    )
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {OLD_INDEX}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {OLD_INDEX} "
        "ON wagtailsearch_indexentry USING gin ((title || body))"
    )
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}(tsvector, tsvector)")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("search", "0001_indexentry_title_body_gin")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
