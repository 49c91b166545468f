"""Tests: development's settings (tasks run inside the request, static files from the
finders, two-factor sign-in not required) with DEBUG off and the content cache on, as in
production. The database and cache come from DATABASE_URL / REDIS_URL when set."""

import os
from urllib.parse import urlparse

from .dev import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
BASE_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = BASE_URL
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if not os.environ.get("MEDIA_S3_BUCKET"):
    # Files in memory, unless the tests are pointed at a bucket (moto's server).
    STORAGES = {
        **STORAGES,  # noqa: F405
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "importer": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
if REDIS_URL:  # noqa: F405
    # Keep repeated runs from reading each other's keys.
    for alias in CACHES:  # noqa: F405
        CACHES[alias]["KEY_PREFIX"] = f"test-{alias}"  # noqa: F405
    # Under `pytest -n` (pytest-xdist sets PYTEST_XDIST_WORKER to gw0, gw1...) each worker
    # has a Redis database of its own: every test empties the cache, and django-redis's
    # clear() is FLUSHDB, which would empty the other worker's too.
    _worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if _worker:
        _database = f"/{10 + int(_worker.removeprefix('gw'))}"
        for alias in CACHES:  # noqa: F405
            CACHES[alias]["LOCATION"] = urlparse(REDIS_URL)._replace(path=_database).geturl()  # noqa: F405
# One process, so local memory is shared: the content cache can be on without Redis.
BULLETIN_CONTENT_CACHE = True
# Quiet tests: warnings and errors only (tests/operations raise the level where it is tested).
LOGGING = configure_logging("console", "WARNING")  # noqa: F405
BULLETIN_PAGE_CACHE = True
