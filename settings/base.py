"""Settings shared by every environment.

Safe for production on its own: DEBUG is off and everything that differs between
deployments comes from the environment (see README, "Configuration").
"""

import datetime
import logging
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

from .frontendcache import frontend_cache_backends
from .logging import configure as configure_logging
from .media import media_origins, media_storages
from .search import search_backends

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]

# Public address of the site, used for links in e-mails, feeds and password resets
# instead of the request's Host header.
BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = BASE_URL

INSTALLED_APPS = [
    "accounts",
    "security",
    "images",
    "contentcache",
    "home",
    "posts",
    "search",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.apps.UsersConfig",  # wagtail.users, with the byline fields in its forms
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    # After wagtail.admin: its ready() replaces Wagtail's in-request workflow e-mails.
    "editorial",
    # After editorial: it builds on its roles.
    "comments",
    "alerts",
    # WordPress import, at the top of the house: it imports the content apps.
    "importer",
    # Frontend cache purging (README, "CDN and purging"): builds on the content apps.
    # Not wagtail.contrib.frontend_cache itself: its signal handlers would purge each
    # published page alone, and from the request; cdn purges from the worker instead.
    "cdn",
    # Backups, scheduled jobs, logs: it runs every app's commands, so it sits above them.
    "operations",
    # Demo and benchmark content, at the top of the house: it may import every app.
    "demo",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django_structlog",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

# The security middleware comes first so that every response, static files and errors
# included, leaves with its headers; the body limit answers before anything reads a body.
MIDDLEWARE = [
    # First, so that every response carries X-Request-ID and every line of the request
    # (one `request_finished` line at the end) its id: operations.logs.
    "operations.logs.RequestIdMiddleware",
    "django_structlog.middlewares.RequestMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "security.middleware.SecurityHeadersMiddleware",
    "security.middleware.ContentSecurityPolicyMiddleware",
    "security.middleware.RequestBodyLimitMiddleware",
    "security.middleware.RefusedUploadMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Whole pages for anonymous readers: a hit is answered here, inside the security
    # headers and before anything reads the database (README, "Caching").
    "contentcache.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # After CommonMiddleware (allowed hosts only); the site for the host from the cache.
    "contentcache.middleware.SiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "security.middleware.TwoFactorMiddleware",
    # After the sign-in: refuses a WordPress export's upload before its body is read.
    "importer.middleware.UploadGateMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Old WordPress links by id (/?p=123) to imported posts: Wagtail's answers 404s only.
    "importer.middleware.WordPressIdRedirectMiddleware",
    # Last, as django-axes asks: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "settings.urls"
WSGI_APPLICATION = "settings.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# SQLite is the newcomer's default; PostgreSQL (DATABASE_URL) in CI and production.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database under several people at once (a writer's autosave, a
    # reviewer's approval, the worker): readers never wait for the writer (WAL), a write
    # transaction takes the lock when it begins, not half-way through when it can only
    # fail (IMMEDIATE), and waits up to 20 seconds for it instead of answering
    # "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer (a failover, a dropped network) fails a connection
    # after this many seconds (libpq's minimum is 2), not the operating system's minutes:
    # readers get the 503 page and no worker hangs. `?connect_timeout=N` in DATABASE_URL wins.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    if DATABASES["default"]["CONN_MAX_AGE"]:
        # Prepared statements on a kept connection: a query a connection has run 5 times
        # is planned once, not on every run. Planning was most of
        # a page's time in PostgreSQL (the post's own query: 1.6 ms to plan, 0.2 to run);
        # with it a post spends about half as long waiting on the database
        # (docs/benchmarks.md, "Session 12"). Needs server-side parameters (psycopg's
        # ServerBindingCursor); 5 is psycopg's own threshold, which Django turns off.
        # Off with CONN_MAX_AGE=0: behind a transaction-mode pooler a statement prepared
        # on one server connection is unknown on the next. Searches are never prepared
        # (search.backend.planned_for_its_words): a plan kept for every word is slow.
        DATABASES["default"]["OPTIONS"].setdefault("server_side_binding", True)
        DATABASES["default"]["OPTIONS"].setdefault("prepare_threshold", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def redis_cache(url, prefix):
    """django-redis, told to ignore Redis outages so that pages still render."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": prefix,
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 1,
            "SOCKET_TIMEOUT": 1,
        },
    }


REDIS_URL = os.environ.get("REDIS_URL", "")
# Every web node of one site shares its keys; another site on the same Redis needs its own.
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "bulletin")
if REDIS_URL:
    CACHES = {
        "default": redis_cache(REDIS_URL, CACHE_KEY_PREFIX),
        "renditions": redis_cache(REDIS_URL, f"{CACHE_KEY_PREFIX}-renditions"),
    }
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "renditions": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "renditions",
        },
    }

# The content cache (contentcache): on where the cache is shared by every process, Redis;
# BULLETIN_CONTENT_CACHE=0 or 1 overrides. Its entries live BULLETIN_CONTENT_CACHE_TIMEOUT
# seconds at most.
BULLETIN_CONTENT_CACHE = os.environ.get("BULLETIN_CONTENT_CACHE", "1" if REDIS_URL else "0") == "1"
BULLETIN_CONTENT_CACHE_TIMEOUT = int(os.environ.get("BULLETIN_CONTENT_CACHE_TIMEOUT", "600"))
# The page cache (contentcache.pagecache): whole pages for anonymous readers, under the
# content version, so it needs the content cache on too. Entries with a query string
# (searches) are limited per content version.
BULLETIN_PAGE_CACHE = os.environ.get("BULLETIN_PAGE_CACHE", "1" if REDIS_URL else "0") == "1"
BULLETIN_PAGE_CACHE_TIMEOUT = int(os.environ.get("BULLETIN_PAGE_CACHE_TIMEOUT", "600"))
BULLETIN_PAGE_CACHE_MAX_QUERIES = int(os.environ.get("BULLETIN_PAGE_CACHE_MAX_QUERIES", "1000"))
# What public responses tell browsers (max-age) and CDNs (s-maxage, which a purge on
# publish cuts short; stale-while-revalidate) they may keep, in seconds. Browsers
# revalidate every time by default (a 304 from the page cache is cheap): nobody can purge
# a reader's browser, and a reader back on a post must see the comment just approved.
BULLETIN_CACHE_MAX_AGE = int(os.environ.get("BULLETIN_CACHE_MAX_AGE", "0"))
BULLETIN_CACHE_S_MAXAGE = int(os.environ.get("BULLETIN_CACHE_S_MAXAGE", "600"))
BULLETIN_CACHE_STALE_WHILE_REVALIDATE = int(
    os.environ.get("BULLETIN_CACHE_STALE_WHILE_REVALIDATE", "60")
)

# Varnish, Cloudflare or CloudFront, purged by the worker when content changes (README,
# "CDN and purging"); none configured, nothing is purged.
WAGTAILFRONTENDCACHE = frontend_cache_backends(os.environ)

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses locked-out logins before a password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Where collectstatic writes and production serves from; STATIC_ROOT moves it (a test
# cluster collects into a folder of its own, not the checkout's).
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# GOV.UK Frontend's built assets, copied from node_modules by `make install`.
STATICFILES_DIRS = [BASE_DIR / "static_build"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Files uploaded for a WordPress import (importer.uploads) are kept out of MEDIA_ROOT,
# which is served at /media/: in a folder nobody serves, shared by the web process and
# the worker (a volume of its own in docker-compose.yml).
IMPORTER_UPLOAD_ROOT = Path(
    os.environ.get("IMPORTER_UPLOAD_ROOT", BASE_DIR / "private" / "imports")
)
# Uploads on this machine's disk, or in an S3-compatible bucket when MEDIA_S3_BUCKET is set
# (settings/media.py; README, "Media storage"): every web node and the worker then share them.
STORAGES = {
    **media_storages(os.environ, MEDIA_ROOT, IMPORTER_UPLOAD_ROOT),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Background work (e-mail, search indexing, reference index) goes through
# django-tasks; `manage.py db_worker` runs it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

EMAIL_SUBJECT_PREFIX = "[Bulletin] "
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Bulletin <noreply@bulletin.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Logs (README, "Logs and errors"): structlog, JSON lines in production, readable lines
# elsewhere; LOG_LEVEL for Bulletin's own lines (requests, tasks, scheduled jobs).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "console")
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = configure_logging(LOG_FORMAT, LOG_LEVEL)
# The request id is made (or a trusted proxy's checked) by operations.logs first.
DJANGO_STRUCTLOG_TRUST_UPSTREAM_REQUEST_ID = True
DJANGO_STRUCTLOG_IP_LOGGING_ENABLED = False  # the proxy's logs have addresses; ours need not
DJANGO_STRUCTLOG_STATUS_START_LOG_LEVEL = logging.DEBUG  # one line per request: the last
DJANGO_STRUCTLOG_USER_ID_FIELD = "pk"  # only staff have accounts
# A task's request context reaches the worker through this cache (Redis when shared).
CACHES["django_structlog"] = (
    redis_cache(REDIS_URL, "bulletin-logs")
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "logs"}
)

# Errors to Sentry when SENTRY_DSN is set (operations.errors, started by the app), with the
# logs' scrubbing and no personal data.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
SENTRY_ENVIRONMENT = os.environ.get("SENTRY_ENVIRONMENT", "production")

# Wagtail
WAGTAIL_SITE_NAME = "Bulletin"
WAGTAILIMAGES_IMAGE_MODEL = "images.BulletinImage"
WAGTAILIMAGES_IMAGE_FORM_BASE = "images.forms.BulletinImageForm"  # alt text or decorative
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# Private pages and document collections: login or group restrictions only. A shared
# password leaks as soon as it is shared.
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAILSEARCH_BACKENDS = search_backends({})  # production reads SEARCH_BACKEND_URL
# Embeds are shown as links (no third-party scripts), so no oEmbed finder is needed.
WAGTAILEMBEDS_FINDERS = []
WAGTAILREDIRECTS_AUTO_CREATE = True

# Characters of a search query; the search refuses longer ones, and a blog's old WordPress
# search link (?s=) is cut to this length (posts must not import search to know it).
SEARCH_QUERY_MAX_LENGTH = 200

# Reader comments (README, "Comments and moderation").
COMMENTS_MIN_FILL_SECONDS = 3  # a form sent sooner after it was shown is refused
# Attempts to send a comment, counted in the cache per address and per /24 (IPv6: /64).
COMMENTS_RATE_LIMIT = {"per_address": 5, "per_network": 20, "window_seconds": 600}
# A comment with any of these words (whole words, any case) is held as spam.
COMMENTS_BLOCKED_WORDS = [
    w.strip() for w in os.environ.get("COMMENTS_BLOCKED_WORDS", "").split(",") if w.strip()
]
# purge_comment_data blanks the e-mail and IP addresses of comments older than this.
COMMENTS_RETENTION_DAYS = int(os.environ.get("COMMENTS_RETENTION_DAYS", "365"))
# The moderation time the comments policy promises; the dashboard flags older comments.
COMMENTS_MODERATION_TARGET_HOURS = 48

# E-mail alerts (README, "E-mail alerts").
# Sign-ups counted in the cache per address and per /24 (IPv6: /64), as for comments.
# Every sign-off page (editorial.signoff_views), opened and sent, per address and network.
SIGN_OFF_RATE_LIMIT = {"per_address": 60, "per_network": 200, "window_seconds": 600}
ALERTS_RATE_LIMIT = {"per_address": 10, "per_network": 50, "window_seconds": 600}
ALERTS_CONFIRM_DAYS = 7  # a confirmation link works this long; unconfirmed sign-ups go then
ALERTS_CONFIRMATIONS_PER_DAY = 3  # confirmation e-mails to one address in a day, at most
# Subscribers claimed, and sent over one connection, at a time.
ALERTS_BATCH_SIZE = int(os.environ.get("ALERTS_BATCH_SIZE", "200"))
ALERTS_MAX_ATTEMPTS = 8  # a temporary failure is tried again with back-off, up to a day
ALERTS_LEASE_SECONDS = int(os.environ.get("ALERTS_LEASE_SECONDS", "120"))
# GOV.UK Notify (README, "GOV.UK Notify"): with an API key, alerts go through Notify.
NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")
NOTIFY_BASE_URL = os.environ.get("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
NOTIFY_TEMPLATE_ID = os.environ.get("NOTIFY_TEMPLATE_ID", "")  # placeholders ((subject)), ((body))
NOTIFY_REPLY_TO_ID = os.environ.get("NOTIFY_REPLY_TO_ID", "")  # unset: the service's default
NOTIFY_CALLBACK_TOKEN = os.environ.get("NOTIFY_CALLBACK_TOKEN", "")  # unset: no callback URL
ALERTS_BACKEND = "alerts.notify.NotifyBackend" if NOTIFY_API_KEY else "alerts.backends.SMTPBackend"

# Django's default of 1,000 is too few for a long StreamField in the page editor.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Security: headers, login throttling, two-factor sign-in, disclosure. `production` adds
# transport (HTTPS, cookies, HSTS). Why each one is there: docs/security.md.

# Headers on every response (Django's SecurityMiddleware and security.middleware).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Powerful browser features nothing on the site uses.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# Readers' pages: nothing but the site's own files. Scripts from the site only, no inline
# script: no nonce, which a cached page would give every reader the same of
# (docs/security.md).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        # Images served from MEDIA_S3_CUSTOM_DOMAIN, if set; else the site's own /media/.
        "img-src": [SELF, "data:", *media_origins(os.environ)],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Wagtail's admin still writes inline scripts and style attributes, so it gets a looser
# policy of its own under the admin's prefix; it may frame itself (the preview panel).
ADMIN_URL_PREFIX = "/admin/"
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", *media_origins(os.environ)],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}

# A request body larger than this is refused (413) before anything reads it; the largest
# legitimate one is a document upload (WAGTAILDOCS_MAX_UPLOAD_SIZE) plus the form around it.
MAX_REQUEST_BODY_SIZE = 21 * 1024 * 1024

# WordPress import in the admin (README, "Moving a WordPress blog to Bulletin"): the export
# and the .zip of its images may each be this large, and the .zip may unpack to this much.
IMPORTER_MAX_UPLOAD_MB = float(os.environ.get("IMPORTER_MAX_UPLOAD_MB", "600"))
IMPORTER_MAX_UNZIPPED_MB = float(os.environ.get("IMPORTER_MAX_UNZIPPED_MB", "4000"))
IMPORTER_KEEP_DAYS = 7  # uploaded files of an import never confirmed: clear_imports
# A run whose worker has not written its heartbeat for this long is shown as interrupted
# (the worker died), and an Administrator can start it again.
IMPORTER_LEASE_SECONDS = int(os.environ.get("IMPORTER_LEASE_SECONDS", "300"))
# Views (by URL name) that take a body larger than MAX_REQUEST_BODY_SIZE. Each refuses
# whoever may not upload before the body is read (importer.middleware).
LARGE_UPLOADS = {
    "wordpress_import:upload": int((2 * IMPORTER_MAX_UPLOAD_MB + 1) * 1024 * 1024),
}

# Documents are always downloads, served with Wagtail's restrictive CSP.
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
# No avatars fetched from a third party for people signed in to the admin.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failures the pair of user name
# and address is locked, and so is the address (for every user name), for AXES_COOLOFF_TIME.
# The name alone is not locked from everywhere: anyone could then lock a colleague out by
# guessing at their name. Unknown user names count and answer exactly like known ones.
AXES_FAILURE_LIMIT = 10
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "security.views.lockout"
AXES_CLIENT_IP_CALLABLE = "security.network.client_ip"
AXES_USERNAME_CALLABLE = "security.network.login_username"
AXES_VERBOSE = False
# Addresses in X-Forwarded-For added by proxies we run (nginx, a load balancer). 0: none,
# REMOTE_ADDR is the client. production sets 1.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Two-factor sign-in (django-otp, TOTP). Required of Reviewers, Administrators and
# superusers when BULLETIN_REQUIRE_2FA is on (everywhere but settings.dev), offered to
# Writers; anyone who has set it up must use it.
BULLETIN_REQUIRE_2FA = True
OTP_TOTP_ISSUER = "Bulletin"
OTP_TOTP_THROTTLE_FACTOR = 1

# /.well-known/security.txt (RFC 9116).
SECURITY_CONTACTS = [
    c.strip()
    for c in os.environ.get("SECURITY_CONTACT", "mailto:security@bulletin.invalid").split(",")
    if c.strip()
]
SECURITY_POLICY_URL = os.environ.get("SECURITY_POLICY_URL", "")
# An ISO 8601 date-time set when the contacts are reviewed; unset, the file expires
# SECURITY_TXT_LIFETIME after it is served (RFC 9116 asks for less than a year).
SECURITY_TXT_EXPIRES = os.environ.get("SECURITY_TXT_EXPIRES", "")
SECURITY_TXT_LIFETIME = datetime.timedelta(days=180)
SECURITY_TXT_LANGUAGES = ["en"]
