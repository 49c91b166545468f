"""Search backends: Wagtail's database backend (PostgreSQL full text search, SQLite FTS5 in
development), or an Elasticsearch or OpenSearch cluster when SEARCH_BACKEND_URL is set.

The backend is named by a dotted path and imported only when first used, so choosing a
cluster needs no server (and no client) to load the settings.
"""

from django.core.exceptions import ImproperlyConfigured

# English stemming and stop words: "securely" finds "security". search.backend is Wagtail's
# database backend, with a query PostgreSQL answers from a GIN index (SQLite: Wagtail's own).
DATABASE_BACKEND = {"BACKEND": "search.backend", "SEARCH_CONFIG": "english"}

# SEARCH_BACKEND values; the clients for these are in the lock file.
CLUSTER_BACKENDS = {
    "elasticsearch8": "wagtail.search.backends.elasticsearch8",
    "opensearch2": "wagtail.search.backends.opensearch2",
}
DEFAULT_CLUSTER = "elasticsearch8"


def search_backends(environ):
    """WAGTAILSEARCH_BACKENDS for SEARCH_BACKEND_URL (comma-separated cluster URLs, with
    credentials in them if needed), SEARCH_BACKEND and SEARCH_INDEX_PREFIX."""
    urls = [url.strip() for url in environ.get("SEARCH_BACKEND_URL", "").split(",") if url.strip()]
    if not urls:
        return {"default": DATABASE_BACKEND}
    kind = environ.get("SEARCH_BACKEND", DEFAULT_CLUSTER)
    if kind not in CLUSTER_BACKENDS:
        raise ImproperlyConfigured(
            f"SEARCH_BACKEND must be one of {', '.join(CLUSTER_BACKENDS)} (got {kind!r})."
        )
    return {
        "default": {
            "BACKEND": CLUSTER_BACKENDS[kind],
            "URLS": urls,
            "INDEX_PREFIX": environ.get("SEARCH_INDEX_PREFIX", "bulletin_"),
            "TIMEOUT": 5,
        }
    }
