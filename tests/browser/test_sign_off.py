"""Sign-off by a press officer without an account, in a real browser, with the e-mail read
from a real SMTP server (tests/alerts/smtp_sink.py): a reviewer asks, the press officer
opens the link from the e-mail and asks for changes, the writer edits, the old link shows
what changed, the press officer approves the latest version and the reviewer publishes.
The blog requires press office sign-off: until then the reviewer is not offered Approve.
axe-core and the Nu Html Checker run on every sign-off page met on the way.

The live server runs in a thread of this process: it reads these settings, and sends
through the SMTP server inline (no worker) once each request commits."""

import re
import time

import pytest
from playwright.sync_api import expect

from demo.factories import make_post, make_user
from editorial.models import BlogReviewSettings, SignOffRequest
from posts.models import BlogPage, Person, PostPage
from tests.alerts.smtp_sink import running_smtp_sink
from tests.browser.checks import axe_violations, nu_html_errors, wider_than
from tests.browser.test_workflow import sign_in

TITLE = "Our new service opens to the public"
SUMMARY = "The service opens on Monday for everyone."
NEW_SUMMARY = "The service opens on Tuesday for everyone in England."
PARAGRAPH = "<p>We built the service with the people who will use it. It is simple to use.</p>"
PRESS = "pat@press.example"
CHANGES = "Say which day it opens, and where."
LINK = re.compile(r"(https?://\S+/sign-off/)#(\S+)")
TIMEOUT_MS = 15_000


@pytest.fixture
def sink():
    with running_smtp_sink() as sink:
        yield sink


@pytest.fixture
def smtp(settings, sink, demo_site):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.BASE_URL = demo_site.url
    settings.BULLETIN_REQUIRE_2FA = False  # the reviewer's second factor is not tested here
    return sink


@pytest.fixture
def open_page(playwright_browser):
    contexts = []

    def new_page():
        context = playwright_browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield new_page
    for context in contexts:
        context.close()


def post_in_review(blog, writer):
    post = make_post(
        blog,
        TITLE,
        summary=SUMMARY,
        authors=[Person.objects.order_by("pk").first()],
        body=[("paragraph", PARAGRAPH)],
        publish=False,
    )
    post.get_workflow().start(post, writer)
    post = PostPage.objects.get(pk=post.pk)
    assert post.current_workflow_task.name == "Approval by the blog's reviewers"
    return post


def wait_for_mail(sink, address):
    deadline = time.monotonic() + 10
    while not sink.to(address) and time.monotonic() < deadline:
        time.sleep(0.05)
    return sink.to(address)


def approve_offered(page, base_url):
    page.goto(f"{base_url}/admin/")
    row = page.get_by_role("region", name="Awaiting your review").get_by_role("row")
    row = row.filter(has_text=TITLE)
    row.get_by_role("button", name="Actions").click()
    offered = row.get_by_role("button", name="Approve and publish", exact=True).count() > 0
    page.keyboard.press("Escape")
    return offered


def test_press_office_signs_off_a_draft_from_the_email(demo_site, smtp, open_page, tmp_path):
    base_url = demo_site.url
    blog = BlogPage.objects.get(slug="technology")
    BlogReviewSettings.objects.filter(blog=blog).update(require_press_office_sign_off=True)
    writer = make_user("wanda_writer", (blog, "writers"), first_name="Wanda", last_name="Tester")
    reviewer = make_user("rob_reviewer", (blog, "reviewers"), first_name="Rob", last_name="Tester")
    post = post_in_review(blog, writer)
    sign_off_url = f"{base_url}/admin/editorial/sign-off/{post.pk}/"

    # 1. The reviewer is not offered Approve yet; they ask the press office from the
    #    post's Sign-off page (in the editor's header menu).
    reviewing = open_page()
    sign_in(reviewing, base_url, reviewer)
    assert not approve_offered(reviewing, base_url)
    reviewing.goto(f"{base_url}/admin/pages/{post.pk}/edit/")
    reviewing.get_by_role("button", name="Actions").first.click()
    reviewing.get_by_role("link", name="Sign-off").click()
    reviewing.wait_for_url(sign_off_url)
    expect(
        reviewing.get_by_text("Still to approve the current version: Press office")
    ).to_be_visible()
    person = reviewing.get_by_role("group", name="Person 1")
    person.get_by_label("Name").fill("Pat Press")
    person.get_by_label("Email address").fill(PRESS)
    person.get_by_label("Press office").check()
    person.get_by_label("Message").fill("Please read it before Friday.")
    reviewing.get_by_role("button", name="Send sign-off links").click()
    expect(reviewing.get_by_text("Sign-off link sent to Pat Press.")).to_be_visible()

    # 2. The press officer opens the link from the real e-mail: the code goes from the
    #    address's fragment to the server by POST, and the address bar ends token-free.
    [received] = wait_for_mail(smtp, PRESS)
    body = received.message().get_body(preferencelist=("plain",)).get_content()
    assert "Please read it before Friday." in body
    link, token = LINK.search(body).groups()
    press = open_page()
    seen = []
    press.on("request", lambda request: seen.append(request))
    press.goto(f"{link}#{token}")
    press.wait_for_url(re.compile(r"/sign-off/\d+/$"))
    draft_path = press.url.removeprefix(base_url)
    assert token not in press.url
    # No request the browser made carried the token in its address or Referer.
    for request in seen:
        assert token not in request.url
        assert token not in (request.headers.get("referer") or "")
    main = press.get_by_role("main")
    expect(main.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(main).to_contain_text(SUMMARY)
    expect(press.get_by_text("This is a draft, not yet published.")).to_be_visible()
    response = press.request.get(press.url)
    assert response.headers["x-robots-tag"] == "noindex, nofollow"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "no-store" in response.headers["cache-control"]
    assert axe_violations(press) == []
    # It reflows on a phone, as the post will (WCAG 2.2 1.4.10).
    assert wider_than(press, 320) is None
    press.set_viewport_size({"width": 1280, "height": 900})

    # The decision form's errors are accessible too.
    press.get_by_label("Request changes").check()
    press.get_by_role("button", name="Send your decision").click()
    expect(press.get_by_text("Say what needs to change").first).to_be_visible()
    assert press.title().startswith("Draft for sign-off: Error:")
    assert axe_violations(press) == []

    # 3. They ask for changes.
    press.get_by_role("textbox", name="Your comment").fill(CHANGES)
    press.get_by_role("button", name="Send your decision").click()
    expect(press.get_by_role("heading", name="Decision recorded")).to_be_visible()
    [told] = wait_for_mail(smtp, writer.email)
    assert CHANGES in told.message().get_body(preferencelist=("plain",)).get_content()
    assert wait_for_mail(smtp, reviewer.email)

    # 4. The writer changes the summary and saves.
    writing = open_page()
    sign_in(writing, base_url, writer)
    writing.goto(f"{base_url}/admin/pages/{post.pk}/edit/")
    writing.get_by_role("textbox", name="Summary").fill(NEW_SUMMARY)
    writing.get_by_role("navigation", name="Actions (footer)").get_by_role(
        "button", name="Save draft"
    ).click()
    expect(writing.get_by_text("has been updated")).to_be_visible()
    # Leave the editor now: its "editing session released" request must not reach the
    # server while the test's database is being flushed.
    writing.goto(f"{base_url}/admin/")

    # 5. The old link shows what changed, and leads to the latest version.
    press.goto(base_url + draft_path)
    expect(press.get_by_role("heading", name="This draft has changed")).to_be_visible()
    expect(press.locator("ins.bulletin-diff__added").first).to_be_visible()
    expect(press.locator("del.bulletin-diff__removed").first).to_be_visible()
    assert axe_violations(press) == []
    assert wider_than(press, 320) is None
    press.set_viewport_size({"width": 1280, "height": 900})
    pages = {"sign-off-changed": draft_path}
    assert nu_html_errors(press, base_url, pages, tmp_path) == []
    press.get_by_role("button", name="View the latest version").click()
    expect(press.get_by_role("main")).to_contain_text(NEW_SUMMARY)
    assert nu_html_errors(press, base_url, {"sign-off-draft": draft_path}, tmp_path) == []
    assert nu_html_errors(press, base_url, {"sign-off-open": "/sign-off/"}, tmp_path) == []
    press.goto(base_url + draft_path)

    # 6. They approve it.
    press.get_by_label("Approve: it can be published as it is").check()
    press.get_by_role("button", name="Send your decision").click()
    expect(press.get_by_role("heading", name="Decision recorded")).to_be_visible()
    assert axe_violations(press) == []
    sign_off = SignOffRequest.objects.get()
    assert (sign_off.decision, sign_off.decided_revision) == (
        "approve",
        PostPage.objects.get(pk=post.pk).get_latest_revision(),
    )
    # The used link explains itself.
    response = press.goto(base_url + draft_path)
    assert response.status == 410
    expect(
        press.get_by_role("heading", name="You have already given your decision")
    ).to_be_visible()
    assert axe_violations(press) == []

    # 7. The reviewer sees the decision in the post's history, and publishes.
    reviewing.goto(f"{base_url}/admin/pages/{post.pk}/history/")
    expect(
        reviewing.get_by_text("Pat Press (Press office, pat@press.example) approved")
    ).to_be_visible()
    assert approve_offered(reviewing, base_url)
    row = reviewing.get_by_role("region", name="Awaiting your review").get_by_role("row")
    row = row.filter(has_text=TITLE)
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve and publish", exact=True).click()
    expect(row).to_have_count(0)
    reviewing.goto(f"{base_url}/admin/")
    post = PostPage.objects.get(pk=post.pk)
    assert post.live
    assert post.summary == NEW_SUMMARY
