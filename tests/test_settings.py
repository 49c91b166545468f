import os
import subprocess
import sys

from tests.processes import ROOT, reported


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


# Each settings module, run in a process of its own (production changes dicts it shares
# with base), reports the settings it assigns: their names and values.
ASSIGNED = """
import ast, copy, importlib, json, sys
from pathlib import Path
report = {}
for name in sys.argv[1:]:
    module = importlib.import_module(f"settings.{name}")
    tree = ast.parse(Path(module.__file__).read_text())
    statements, names = list(tree.body), set()
    while statements:
        node = statements.pop()
        if isinstance(node, ast.If):
            statements += node.body + node.orelse
        for target in getattr(node, "targets", []):
            names |= {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
    names = {n for n in names if n.isupper() and hasattr(module, n)}  # a branch not taken
    report[name] = {n: repr(copy.deepcopy(getattr(module, n))) for n in names}
print(json.dumps(report))
"""
# Each module and the one it builds on (`from .PARENT import *`).
PARENTS = {"dev": "base", "test": "dev", "bench": "dev", "production": "base"}


def assigned_settings(*modules, **env):
    keep = {"DATABASE_URL", "REDIS_URL", "BULLETIN_WORKER", "SEARCH_BACKEND_URL"}
    return reported(ASSIGNED, *modules, unset=keep | {"SECRET_KEY"}, **env)


def test_no_setting_is_given_one_value_in_two_places():
    """A module changes what it builds on, never repeats it; what dev, test and production
    share belongs in base. (bench and test both turn DEBUG off and the content cache on,
    each for its own reason.)"""
    values = assigned_settings("base", "dev", "test", "bench")
    # Production on its own, configured as it must be and with a search cluster.
    configured = {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "a.b"}
    deployed = assigned_settings(
        "base", "production", **configured, SEARCH_BACKEND_URL="https://s:9200"
    )
    repeated = [
        (module, name)
        for module, parent in PARENTS.items()
        for name, value in (deployed if module == "production" else values)[module].items()
        if (deployed if module == "production" else values)[parent].get(name) == value
    ]
    assert repeated == [], "settings that repeat the value they inherit"
    dev, test, production = values["dev"], values["test"], deployed["production"]
    shared = {n for n in production if dev.get(n) == production[n] or test.get(n) == production[n]}
    assert shared == set(), "settings dev or test share with production: put them in base"


DATABASE_OPTIONS = (
    "import django; django.setup(); import json; from django.conf import settings as s; "
    "print(json.dumps(s.DATABASES['default']['OPTIONS']))"
)


def database_options(**env):
    unset = {"DATABASE_URL", "CONN_MAX_AGE"}
    return reported(DATABASE_OPTIONS, unset=unset, DJANGO_SETTINGS_MODULE="settings.test", **env)


def test_postgresql_prepares_statements_on_kept_connections_only():
    url = "postgres://postgres@127.0.0.1:5432/unused"
    kept = database_options(DATABASE_URL=url)
    assert kept["server_side_binding"] is True
    assert kept["prepare_threshold"] == 5
    # Behind a transaction-mode pooler (CONN_MAX_AGE=0) a prepared statement would be
    # asked for on a server connection that never saw it.
    pooled = database_options(DATABASE_URL=url, CONN_MAX_AGE="0")
    assert "server_side_binding" not in pooled and "prepare_threshold" not in pooled
    assert "prepare_threshold" not in database_options(DATABASE_URL="sqlite:///unused.db")
