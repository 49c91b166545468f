import pytest


@pytest.fixture
def built_pages(settings):
    """Pages built on every request, from the database alone (no page or content cache)."""
    settings.BULLETIN_PAGE_CACHE = False
    settings.BULLETIN_CONTENT_CACHE = False


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a change leaves for its commit (the worker's work, queued then)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
