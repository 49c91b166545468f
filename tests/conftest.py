import os

import pytest

from demo.factories import make_data_blog, make_home, make_technology_blog


def pytest_sessionfinish(session, exitstatus):
    # In CI a skipped test is a failure: nothing may be skipped for want of a service.
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if os.environ.get("CI") == "true" and skipped:
        reporter.write_line(f"CI: {len(skipped)} test(s) skipped; failing the run.", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Units of work for `pytest -n` (make test: `--dist loadgroup`): each file's tests go
    to one worker together, so that a module's fixtures (a server, a cluster) start once.
    Except the tests that commit (transactional_db): when one ends it empties the
    database, the rows the migrations wrote included (the locale, the groups), so they
    must come after every other database test, as pytest-django orders them. Each worker
    has a database of its own and runs what it is sent in the order sent: all such tests
    are one unit, sent after every unit that needs those rows."""
    from django.test import TestCase, TransactionTestCase

    for item in items:
        cls = getattr(item, "cls", None)
        marker = item.get_closest_marker("django_db")
        commits = (
            (
                cls is not None
                and issubclass(cls, TransactionTestCase)
                and not issubclass(cls, TestCase)
            )
            or (
                marker is not None
                and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
            )
            or {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
        )
        group = "commits" if commits else item.path.relative_to(item.config.rootpath).as_posix()
        item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture(autouse=True)
def _clear_cache():
    # Each test starts with an empty cache (Redis in CI is shared between tests).
    from django.core.cache import caches

    from contentcache import content

    for alias in ("default", "renditions"):
        caches[alias].clear()
    content._unreachable_until = 0.0  # a test's unreachable cache is not the next one's
    yield


# The network most tests need. A module whose blog differs (more fields) says so by
# declaring its own `blog` on top of `home`.
@pytest.fixture
def home(db):
    return make_home()


@pytest.fixture
def blog(home):
    return make_technology_blog(home)


@pytest.fixture
def other_blog(home):
    return make_data_blog(home)
