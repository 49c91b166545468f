"""settings.production: hardened by default, and `check --deploy` has nothing to say."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "settings.production",
    "SECRET_KEY": "production-like-" + "k" * 50,
    "ALLOWED_HOSTS": "blogs.example.gov.uk",
    "BASE_URL": "https://blogs.example.gov.uk",
}
DUMP = """
import django, json
django.setup()
from django.conf import settings as s
db = s.DATABASES["default"]
print(json.dumps({
    "atomic": db["ATOMIC_REQUESTS"], "health": db["CONN_HEALTH_CHECKS"],
    "cookies": [s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_SECURE,
                s.CSRF_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_SAMESITE],
    "session_age": s.SESSION_COOKIE_AGE,
    "hsts": [s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS],
    "proxy": list(s.SECURE_PROXY_SSL_HEADER), "ssl_redirect": s.SECURE_SSL_REDIRECT,
    "validators": s.AUTH_PASSWORD_VALIDATORS,
    "uploads": [s.WAGTAILDOCS_MAX_UPLOAD_SIZE, s.WAGTAILIMAGES_MAX_UPLOAD_SIZE,
                s.WAGTAILIMAGES_MAX_IMAGE_PIXELS, s.DATA_UPLOAD_MAX_MEMORY_SIZE,
                s.DATA_UPLOAD_MAX_NUMBER_FIELDS, s.MAX_REQUEST_BODY_SIZE],
    "docs": [s.WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT, s.WAGTAILDOCS_INLINE_CONTENT_TYPES,
             s.WAGTAILDOCS_SERVE_METHOD],
    "wagtail": [s.WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT, s.WAGTAIL_ENABLE_UPDATE_CHECK,
                s.WAGTAIL_PRIVATE_PAGE_OPTIONS, s.WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS],
    "two_factor": s.BULLETIN_REQUIRE_2FA, "debug": s.DEBUG,
    "csp": {k: [str(v) for v in vs] if isinstance(vs, list) else vs
            for k, vs in s.CONTENT_SECURITY_POLICY["DIRECTIVES"].items()},
    "axes": [s.AXES_FAILURE_LIMIT, s.AXES_LOCKOUT_PARAMETERS, s.TRUSTED_PROXY_COUNT],
}))
"""


def run(args):
    # A production-like environment: nothing of the test run's (DJANGO_ALLOW_ASYNC_UNSAFE,
    # set for the browser tests, would rightly fail the deploy check).
    kept = {"PATH", "HOME", "LANG", "DATABASE_URL", "REDIS_URL", "TMPDIR"}
    clean = {k: v for k, v in os.environ.items() if k in kept}
    return subprocess.run(  # noqa: S603 - fixed arguments
        args,
        cwd=ROOT,
        env={**clean, **PRODUCTION_ENV},
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_settings():
    result = run([sys.executable, "-c", DUMP])
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_finds_nothing_at_warning_level():
    result = run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_are_hardened():
    s = production_settings()
    assert s["debug"] is False
    assert s["atomic"] is True and s["health"] is True
    assert s["cookies"] == [True, True, True, True, "Lax", "Lax"]
    assert s["session_age"] <= 8 * 60 * 60  # a working day
    assert s["hsts"] == [31_536_000, True]
    assert s["proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"] and s["ssl_redirect"] is True
    lengths = [v for v in s["validators"] if v["NAME"].endswith("MinimumLengthValidator")]
    assert lengths[0]["OPTIONS"]["min_length"] >= 12
    docs, images, pixels, memory, fields, body = s["uploads"]
    assert docs <= 20 * 1024 * 1024 and images <= 10 * 1024 * 1024
    assert pixels <= 40_000_000 and memory <= 5 * 1024 * 1024 and fields <= 10_000
    assert docs < body < 200 * 1024 * 1024
    assert s["docs"] == [True, [], "serve_view"]
    assert s["wagtail"] == [True, False, {"SHARED_PASSWORD": False}, {"SHARED_PASSWORD": False}]
    assert s["two_factor"] is True
    assert s["csp"]["script-src"] == ["'self'"]  # no nonce: pages are cached whole
    assert s["csp"]["upgrade-insecure-requests"] is True
    assert s["axes"] == [10, [["username", "ip_address"], "ip_address"], 1]


def test_password_validators_refuse_short_and_common_passwords():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ("short-pass1", "password1234", "123456789012"):
        try:
            validate_password(weak)
        except ValidationError:
            continue
        raise AssertionError(f"{weak!r} was accepted")
    validate_password("correct horse battery staple")
