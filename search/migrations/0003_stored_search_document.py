"""The title and body vectors stored together, for checking phrases (search/backend.py).

A phrase is found through the GIN index by its words, then checked against the stored
vector: checking it with `bulletin_search_document(title, body)` meant calling PL/pgSQL
and joining two vectors read from TOAST for every candidate, three times the cost. A
generated column, so every write of an index entry (Wagtail's own INSERT ... ON CONFLICT)
keeps it right. Adding it rewrites the table once; other databases need nothing.
"""

from django.db import migrations

COLUMN = "bulletin_document"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE wagtailsearch_indexentry ADD COLUMN IF NOT EXISTS {COLUMN} tsvector "
        "GENERATED ALWAYS AS (title || body) STORED"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE wagtailsearch_indexentry DROP COLUMN IF EXISTS {COLUMN}")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_search_document_gin")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
