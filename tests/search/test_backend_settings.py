"""SEARCH_BACKEND_URL selects Wagtail's Elasticsearch or OpenSearch backend in production;
no cluster is needed to check that (the client connects only when searching)."""

import os
import subprocess
import sys

from tests.test_settings import ROOT

SHOW_BACKEND = (
    "import django; django.setup(); "
    "from django.conf import settings; "
    "from wagtail.search.backends import get_search_backend; "
    "conf = settings.WAGTAILSEARCH_BACKENDS['default']; "
    "backend = get_search_backend(); "
    "print(conf['BACKEND'], type(backend).__name__, conf.get('URLS'), conf.get('INDEX_PREFIX'))"
)


def production(env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SEARCH_") and k not in {"DATABASE_URL", "REDIS_URL"}
    }
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", SHOW_BACKEND],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "settings.production",
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "blog.example",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_without_a_url_search_uses_the_database():
    result = production({})
    assert result.returncode == 0, result.stderr
    backend, backend_class = result.stdout.split()[:2]
    # search.backend: Wagtail's database search, with an indexed query on PostgreSQL.
    assert backend == "search.backend"
    # SQLite's full-text backend when its FTS tables exist (a migrated database), the
    # generic database backend in a fresh clone: both are Wagtail's database search.
    assert backend_class in {"SQLiteSearchBackend", "DatabaseSearchBackend"}


def test_a_url_selects_elasticsearch():
    result = production({"SEARCH_BACKEND_URL": "https://user:secret@search.example:9200"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "wagtail.search.backends.elasticsearch8",
        "Elasticsearch8SearchBackend",
        "['https://user:secret@search.example:9200']",
        "bulletin_",
    ]


def test_search_backend_selects_opensearch():
    result = production(
        {
            "SEARCH_BACKEND_URL": "http://a.example:9200, http://b.example:9200",
            "SEARCH_BACKEND": "opensearch2",
            "SEARCH_INDEX_PREFIX": "blogs_",
        }
    )
    assert result.returncode == 0, result.stderr
    backend, name, *urls, prefix = result.stdout.split()
    assert (backend, name, prefix) == (
        "wagtail.search.backends.opensearch2",
        "OpenSearch2SearchBackend",
        "blogs_",
    )
    assert " ".join(urls) == "['http://a.example:9200', 'http://b.example:9200']"


def test_an_unknown_search_backend_is_refused():
    result = production({"SEARCH_BACKEND_URL": "http://a.example", "SEARCH_BACKEND": "solr"})
    assert result.returncode != 0
    assert "SEARCH_BACKEND must be one of elasticsearch8, opensearch2" in result.stderr
