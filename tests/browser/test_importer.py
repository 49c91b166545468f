"""An Administrator imports a real WordPress export from the admin: upload, the check's
report, confirm, done. (Tasks run inside the request in tests; the admin's own markup is
Wagtail's, so axe-core is not run here.)"""

from playwright.sync_api import expect

from demo.factories import PASSWORD, make_home, make_user
from importer.models import ImportRun
from posts.models import BlogPage, PostPage
from tests.importer.exports import FIXTURES

TIMEOUT_MS = 60_000


def test_an_administrator_imports_an_export(live_server, browser_page):
    make_home()
    make_user("ada_admin", groups=["Administrators"])
    page, base = browser_page, live_server.url
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{base}/admin/login/")
    page.get_by_label("Username").fill("ada_admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/admin/")

    page.goto(f"{base}/admin/import-wordpress/")
    page.get_by_role("link", name="Upload a WordPress export").click()
    page.get_by_label("WordPress export").set_input_files(FIXTURES / "small-export.xml")
    page.get_by_label("New blog's slug").fill("moved")
    page.get_by_role("button", name="Upload and check").click()

    main = page.locator("main")
    expect(main).to_contain_text("Checked: ready to import")
    expect(main).to_contain_text("What the import would do")
    assert not BlogPage.objects.filter(slug="moved").exists()
    page.get_by_role("button", name="Import").click()

    expect(main.locator("#import-status")).to_have_text("Done")
    expect(main).to_contain_text("What was imported")
    blog = BlogPage.objects.get(slug="moved")
    created = ImportRun.objects.get().report["counts"]["post"]["created"]
    assert created > 0 and PostPage.objects.child_of(blog).count() == created
