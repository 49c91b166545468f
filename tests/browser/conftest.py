"""Browser tests: Debian's Chromium driven by Playwright against a live server.

They run with `make e2e` (and in CI), not `make test`, because they need the `chromium`
package; a missing browser is a failure here, never a skip.
"""

import os
import shutil
from pathlib import Path

import pytest

from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls
# (building the demo content) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            # The live server needs committed data; serialized_rollback restores what
            # migrations created (the root page, the locale) after each test's flush.
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.fixture(scope="session")
def chromium_path():
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("Debian's chromium is not installed: apt-get install chromium")
    return path


@pytest.fixture(scope="session")
def playwright_browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def demo_site(live_server):
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return live_server


@pytest.fixture
def browser_page(playwright_browser):
    # bypass_csp lets the test inject axe-core under the site's strict policy.
    context = playwright_browser.new_context(bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()
