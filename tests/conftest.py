import os

import pytest


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
