"""Development: a newcomer's first run on SQLite, e-mail printed to the console."""

import os

import dj_email_url

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret-bulletin")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
if os.environ.get("EMAIL_URL"):
    # A real SMTP server, as in production (the end-to-end tests' sink on 127.0.0.1).
    vars().update(dj_email_url.parse(os.environ["EMAIL_URL"]))
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Slow work runs inside the request in development, so no worker is needed;
# BULLETIN_WORKER=1 queues it for `manage.py db_worker`, as production does.
if os.environ.get("BULLETIN_WORKER") != "1":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Serve static files straight from the finders; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The demo accounts sign in with a password alone; two-factor sign-in stays available.
# (Tests, built on these settings, sign people in with force_login and no second factor;
# tests/security turns the requirement on where it is what is tested.)
BULLETIN_REQUIRE_2FA = False
