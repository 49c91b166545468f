"""A database that cannot be reached: readers get the GOV.UK "service unavailable" page
(503 with Retry-After, no traceback), /healthz/ stays 200 and /readyz/ says 503.

The outage is made by refusing every new database connection and every cursor, as
PostgreSQL does while it is down, and with ATOMIC_REQUESTS on as in production (each
view then opens a transaction before it runs)."""

import json
from contextlib import contextmanager
from unittest import mock

import pytest

from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from home.models import HomePage
from tests.html import soup

INTERNALS = "could not connect to server at 10.9.8.7: password hint hunter2"


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.fixture
def atomic_requests(monkeypatch):
    monkeypatch.setitem(connections.settings["default"], "ATOMIC_REQUESTS", True)


@contextmanager
def database_down(error=OperationalError):
    def refuse(self, *args, **kwargs):
        raise error(INTERNALS)

    with (
        mock.patch.object(BaseDatabaseWrapper, "ensure_connection", refuse),
        mock.patch.object(BaseDatabaseWrapper, "cursor", refuse),
    ):
        yield


def assert_unavailable_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    page = soup(response)
    assert page.html["class"] == ["govuk-template", "govuk-template--rebranded"]
    assert page.h1.get_text(strip=True) == "Sorry, the service is unavailable"
    assert page.title.get_text(strip=True).startswith("Sorry, the service is unavailable")
    assert page.find("link", rel="stylesheet")["href"].endswith(".css")
    for leak in ("Traceback", "OperationalError", "InterfaceError", "hunter2", "10.9.8.7"):
        assert leak not in html


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_page_while_the_database_is_down_is_the_503_page(
    home, blog, client, atomic_requests, error, settings
):
    settings.BULLETIN_PAGE_CACHE = False
    client.get("/")  # the site and home page now in the content cache, as in production
    with database_down(error):
        # A page that must be built: the blog's listing, never asked for.
        response = client.get(blog.url)
    assert_unavailable_page(response)


def test_a_page_kept_whole_is_served_while_the_database_is_down(
    home, client, atomic_requests, settings
):
    settings.BULLETIN_PAGE_CACHE = False  # the content cache alone (contentcache.serving)
    built = client.get("/").content
    with database_down():
        response = client.get("/")
    assert response.status_code == 200
    assert response.content == built


def test_a_page_in_the_page_cache_is_still_served(home, client, atomic_requests):
    """Issue 17: cached content is served while PostgreSQL is away."""
    client.get("/")  # now in the page cache
    with database_down(OperationalError):
        response = client.get("/")
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "hit"


def test_without_atomic_requests_too(home, client):
    with database_down():
        response = client.get("/")
    assert_unavailable_page(response)


def test_an_error_raised_by_the_view_itself(home, client):
    with mock.patch.object(HomePage, "serve", side_effect=OperationalError(INTERNALS)):
        response = client.get("/")
    assert_unavailable_page(response)


def test_any_other_error_is_still_the_500_page(home, client):
    with mock.patch.object(HomePage, "serve", side_effect=RuntimeError(INTERNALS)):
        response = client.get("/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    html = response.content.decode()
    assert soup(response).h1.get_text(strip=True) == "Sorry, there is a problem with the service"
    assert "hunter2" not in html and "Traceback" not in html


def test_healthz_needs_no_database(db, client, atomic_requests):
    with database_down():
        response = client.get("/healthz/")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}


def test_readyz_is_ready_when_database_and_cache_answer(db, client, atomic_requests):
    response = client.get("/readyz/")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "cache": "ok"}


def test_readyz_is_503_while_the_database_is_down(db, client, atomic_requests):
    with database_down():
        response = client.get("/readyz/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert json.loads(response.content) == {
        "status": "unavailable",
        "database": "unavailable",
        "cache": "ok",
    }


def test_readyz_is_503_while_the_cache_is_down(db, client):
    # django-redis with IGNORE_EXCEPTIONS answers None for everything while Redis is down.
    with mock.patch.object(cache, "get", return_value=None):
        response = client.get("/readyz/")
    assert response.status_code == 503
    assert json.loads(response.content)["cache"] == "unavailable"
