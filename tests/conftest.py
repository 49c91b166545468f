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
