"""Production: everything from the environment; refuses to start half-configured.

`python manage.py check --deploy --fail-level WARNING` passes with these settings
(tests/security/test_settings.py runs it). Why each setting: docs/security.md.
"""

import os
from urllib.parse import urlsplit

import dj_email_url

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment.")
if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set (comma-separated host names).")

# One JSON object a line, for a log collector (README, "Logs and errors").
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")
LOGGING = configure_logging(LOG_FORMAT, LOG_LEVEL)  # noqa: F405

if os.environ.get("EMAIL_URL"):
    vars().update(dj_email_url.parse(os.environ["EMAIL_URL"]))

# Behind a TLS-terminating proxy that sets X-Forwarded-Proto and appends the client's
# address to X-Forwarded-For (login throttling counts by that address).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))
SECURE_SSL_REDIRECT = True
SECURE_REDIRECT_EXEMPT = [r"^healthz/$", r"^readyz/$"]
SECURE_HSTS_SECONDS = 31_536_000  # a year
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True  # noqa: F405

# Cookies: HTTPS only, out of reach of scripts, not sent on cross-site requests.
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Only staff have sessions; one lasts a working day at most, and ends with the browser.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_TRUSTED_ORIGINS = [f"{urlsplit(BASE_URL).scheme}://{urlsplit(BASE_URL).netloc}"]  # noqa: F405
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# A request that fails half-way leaves nothing behind (connections are checked before
# reuse: CONN_HEALTH_CHECKS, set in base with CONN_MAX_AGE; two-factor sign-in is
# required: BULLETIN_REQUIRE_2FA, on in base). Reading a page (GET, HEAD) is the exception:
# it writes nothing, and runs outside the transaction (home.views.serve_page).
DATABASES["default"]["ATOMIC_REQUESTS"] = True  # noqa: F405

# Search on an Elasticsearch or OpenSearch cluster when SEARCH_BACKEND_URL is set.
WAGTAILSEARCH_BACKENDS = search_backends(os.environ)  # noqa: F405
