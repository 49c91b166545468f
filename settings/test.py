"""Tests: the database and cache come from DATABASE_URL / REDIS_URL when set."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
BASE_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = BASE_URL
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Other suites sign people in with force_login and no second factor; tests/security turns
# the requirement on (override_settings) where it is what is tested.
BULLETIN_REQUIRE_2FA = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
if REDIS_URL:  # noqa: F405
    # Keep parallel or repeated runs from reading each other's keys.
    for alias in CACHES:  # noqa: F405
        CACHES[alias]["KEY_PREFIX"] = f"test-{alias}"  # noqa: F405
# The content cache is on, as in production: one process, so local memory is shared.
BULLETIN_CONTENT_CACHE = True

# Serve static files straight from the finders; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
