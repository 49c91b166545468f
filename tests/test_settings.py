import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_django(settings_module, env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": settings_module, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_django("settings.production", {"ALLOWED_HOSTS": "blog.example"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_django("settings.production", {"SECRET_KEY": "x" * 50})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_production_starts_when_configured():
    result = run_django("settings.production", {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "a.b"})
    assert result.returncode == 0, result.stderr


def test_cache_is_django_redis_ignoring_outages_when_redis_url_is_set():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "c = s.CACHES['default']; "
        "assert c['BACKEND'] == 'django_redis.cache.RedisCache', c; "
        "assert c['OPTIONS']['IGNORE_EXCEPTIONS'] is True; "
        "assert s.DATABASES['default']['ENGINE'] == 'django.db.backends.postgresql'"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "settings.test",
            "REDIS_URL": "redis://127.0.0.1:6379/9",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/unused",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
