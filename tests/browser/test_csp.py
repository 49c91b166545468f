"""The Content-Security-Policy in a real browser: readers' pages run their one script
under the nonce policy with no violation, and Wagtail's admin works under its own policy
(tests/security has the header tests)."""

from django.contrib.auth import get_user_model

from posts.models import PostPage

PASSWORD = "a-long-test-password-for-the-browser"  # pragma: allowlist secret


def watch(page):
    """Collect what the browser reports: CSP violations (from the page's own
    securitypolicyviolation events and the console) and uncaught script errors."""
    problems = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.text)
            if "Content Security Policy" in message.text or message.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.add_init_script(
        "window.__cspViolations = [];"
        "document.addEventListener('securitypolicyviolation', e => "
        "window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    return problems


def violations(page):
    return page.evaluate("window.__cspViolations")


def test_readers_pages_run_their_script_under_the_strict_policy(demo_site, playwright_browser):
    context = playwright_browser.new_context()  # the site's policy applies (no bypass)
    page = context.new_page()
    problems = watch(page)
    post = PostPage.objects.live().first()
    for path in ("/", post.url, "/search/?q=open+source", "/no-such-page/"):
        page.goto(f"{demo_site.url}{path}")
        page.wait_for_load_state("load")
        assert page.evaluate("document.body.classList.contains('js-enabled')"), path
        assert violations(page) == [], (path, violations(page))
    assert not [p for p in problems if "Content Security Policy" in p], problems
    context.close()


def test_the_admin_works_under_its_own_policy(demo_site, playwright_browser):
    get_user_model().objects.create_superuser("csp-admin", "csp@example.gov.uk", PASSWORD)
    context = playwright_browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    problems = watch(page)
    page.goto(f"{demo_site.url}/admin/login/")
    page.get_by_label("Username").fill("csp-admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{demo_site.url}/admin/")
    post = PostPage.objects.live().first()
    for path in (
        "/admin/",
        f"/admin/pages/{post.pk}/edit/",
        f"/admin/pages/{post.pk}/history/",
        "/admin/images/",
        "/admin/snippets/posts/person/",
    ):
        page.goto(f"{demo_site.url}{path}")
        page.wait_for_load_state("networkidle")
        assert violations(page) == [], (path, violations(page))
    # The editor's StreamField was drawn by script: the body's blocks are there.
    page.goto(f"{demo_site.url}/admin/pages/{post.pk}/edit/")
    page.wait_for_selector("[data-streamfield-stream-container], .c-sf-container")
    assert violations(page) == []
    assert not [p for p in problems if "Content Security Policy" in p], problems
    context.close()


def test_an_editor_reading_the_site_sees_the_userbar_under_the_strict_policy(
    demo_site, playwright_browser
):
    get_user_model().objects.create_superuser("csp-editor", "csp-editor@example.gov.uk", PASSWORD)
    context = playwright_browser.new_context()
    page = context.new_page()
    watch(page)
    page.goto(f"{demo_site.url}/admin/login/")
    page.get_by_label("Username").fill("csp-editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{demo_site.url}/admin/")
    post = PostPage.objects.live().first()
    page.goto(f"{demo_site.url}{post.url}")
    page.wait_for_load_state("networkidle")
    assert page.locator("wagtail-userbar").count() == 1
    assert violations(page) == [], violations(page)
    context.close()
