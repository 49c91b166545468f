"""A reader comments on the seed post, sees that it waits for moderation, a reviewer
approves it in the console, and it appears on the post. axe-core checks the post page
with the form, and with the form's errors shown; the form works without JavaScript.

The live server runs in a thread of this process, so the test reads its database and
shares its settings (the `settings` fixture changes both)."""

import re

import pytest
from playwright.sync_api import expect

from comments.models import ReaderComment
from demo.factories import make_user
from posts.models import BlogPage
from tests.browser.checks import axe_violations
from tests.browser.test_accessibility import SEED_URL

PASSWORD = "a-long-test-password-for-the-browser"  # pragma: allowlist secret
COMMENT = "Will the slides be shared?\nI would like to show them to my team."
TIMEOUT_MS = 15_000


@pytest.fixture
def comment_settings(settings):
    settings.COMMENTS_MIN_FILL_SECONDS = 0
    settings.BULLETIN_REQUIRE_2FA = False
    return settings


@pytest.fixture
def new_page(playwright_browser):
    contexts = []

    def make(javascript=True):
        context = playwright_browser.new_context(
            bypass_csp=True,
            java_script_enabled=javascript,
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def sign_in(page, base_url, username):
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/admin/")


def test_comment_moderate_and_publish(demo_site, comment_settings, new_page):
    base = demo_site.url
    reader = new_page()
    reader.goto(base + SEED_URL)
    form = reader.locator("#leave-a-comment")
    expect(form.get_by_role("heading", name="Leave a comment")).to_be_visible()
    assert axe_violations(reader) == []

    # Sent empty: the error summary takes focus, each field says what is wrong.
    form.get_by_role("button", name="Submit comment").click()
    summary = reader.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter your comment")
    expect(reader).to_have_title(re.compile(r"^Error: "))
    assert axe_violations(reader) == []
    summary.get_by_role("link", name="Enter your name").click()
    expect(reader.get_by_label("Name", exact=True)).to_be_focused()

    reader.get_by_label("Comment", exact=True).fill(COMMENT)
    reader.get_by_label("Name", exact=True).fill("Ada Reader")
    reader.get_by_label("Email", exact=True).fill("ada@example.com")
    reader.get_by_label("Email me when my comment is published").check()
    reader.get_by_role("button", name="Submit comment").click()
    expect(reader.locator(".govuk-notification-banner")).to_contain_text(
        "Your comment is awaiting moderation"
    )
    expect(reader.locator("#comments")).not_to_contain_text("Will the slides be shared?")
    comment = ReaderComment.objects.get(name="Ada Reader")
    assert comment.status == ReaderComment.Status.PENDING

    blog = BlogPage.objects.get(slug="technology")
    make_user("moderator", (blog, "reviewers"), password=PASSWORD, first_name="Mo")
    admin = new_page()
    sign_in(admin, base, "moderator")
    expect(admin.locator("#reader-comments-waiting-section")).to_contain_text(
        "waiting for moderation"
    )
    admin.get_by_role("link", name="Reader comments", exact=True).first.click()
    admin.get_by_role("link", name="Will the slides be shared?").click()
    admin.get_by_role("button", name="Approve", exact=True).click()
    expect(admin.locator(".messages")).to_contain_text("The comment is published")

    reader.goto(base + SEED_URL)
    published = reader.locator(f"#comment-{comment.pk}")
    expect(published).to_contain_text("Ada Reader")
    expect(published).to_contain_text("Will the slides be shared?")
    expect(reader.locator("#comments h3").first).to_have_text("4 comments")


def test_the_form_works_without_javascript(demo_site, comment_settings, new_page):
    reader = new_page(javascript=False)
    reader.goto(demo_site.url + SEED_URL)
    reader.get_by_label("Comment", exact=True).fill("Sent without any script.")
    reader.get_by_label("Name", exact=True).fill("Ben")
    reader.get_by_label("Email", exact=True).fill("not an address")
    reader.get_by_role("button", name="Submit comment").click()
    # The page comes back at the form, with the reader's text kept.
    expect(reader.locator(".govuk-error-summary")).to_contain_text(
        "Enter an email address in the correct format"
    )
    expect(reader.get_by_label("Comment", exact=True)).to_have_value("Sent without any script.")
    reader.get_by_label("Email", exact=True).fill("ben@example.com")
    reader.get_by_role("button", name="Submit comment").click()
    expect(reader.locator(".govuk-notification-banner")).to_contain_text("awaiting moderation")
    assert ReaderComment.objects.filter(name="Ben", status="pending").exists()
