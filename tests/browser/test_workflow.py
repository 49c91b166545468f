"""The review workflow's happy path in a real browser: a writer drafts a post with a
speaker and a list, the content checks flag it, a reviewer asks for changes, the writer
fixes it and submits again, and the reviewer approves and publishes it.

The live server runs in a thread of this process, so the test reads its database, its
settings and its locmem mail outbox directly.
"""

import time

import pytest
from playwright.sync_api import expect

from django.core import mail
from django.utils import timezone

from wagtail.models import PageLogEntry

from demo.factories import PASSWORD, make_user
from editorial.checks import SUMMARY_MAX_LENGTH
from posts.models import BlogPage, PostPage

TITLE = "Notes from the Open Source meetup"
SLUG = "notes-from-the-open-source-meetup"
# Readable (the reading age stays low) but longer than the checks allow.
LONG_SUMMARY = (
    "We met in London for the second cross-government Open Source meetup. People from 30 "
    "teams came along. We talked about open code, peer review and how to start small. "
    "Here is what we learned."
)
SHORT_SUMMARY = "What we learned at the second cross-government Open Source meetup."
AUTHOR = "Khidr Suleman"
SPEAKER = "Nadia Rahman"
SPEAKER_ROLE = "Head of Open Source"
WRITE_UP = "Nadia told us how her team moved to open code, one small project at a time."
ITEMS = ["publish code from day one", "ask a colleague to review each change"]
REJECT_COMMENT = "Please cut the summary down to one short sentence."
APPROVE_COMMENT = "Thanks, publishing now."
TIMEOUT_MS = 15_000


@pytest.fixture
def open_page(playwright_browser):
    """A factory of pages, each in a browser context of its own (its own session)."""
    contexts = []

    def new_page():
        context = playwright_browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield new_page
    for context in contexts:
        context.close()


def sign_in(page, base_url, user):
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/admin/")


def take_mail(count):
    """The next `count` e-mails (sent by the live server's thread after its commit),
    removed from the outbox; fails if more or fewer arrive."""
    deadline = time.monotonic() + 5
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)  # nothing more should follow
    messages = list(mail.outbox)
    assert len(messages) == count, [(m.subject, m.to) for m in messages]
    mail.outbox.clear()
    return messages


def footer_action(page, name):
    page.get_by_role("navigation", name="Actions (footer)").get_by_role(
        "button", name="More actions"
    ).click()
    page.get_by_role("button", name=name, exact=True).click()


def write_post(page, base_url, blog):
    """Fill the new post's form: title, summary, an author, a speaker and a list."""
    page.goto(f"{base_url}/admin/pages/add/posts/postpage/{blog.pk}/")
    page.get_by_placeholder("Page title*").fill(TITLE)
    page.get_by_role("textbox", name="Summary").fill(LONG_SUMMARY)

    # The first author row holds the writer already: choose another person in it.
    authors = page.get_by_role("region", name="Authors", exact=True)
    authors.get_by_role("button", name="Actions").first.click()
    authors.get_by_role("button", name="Choose another person").first.click()
    chooser = page.get_by_role("dialog")
    chooser.get_by_role("textbox", name="Search term").fill(AUTHOR.split()[0])
    chooser.get_by_role("link", name=AUTHOR).click()
    expect(chooser).to_be_hidden()
    expect(authors).to_contain_text(AUTHOR)

    body = page.locator("[data-contentpath='body']")
    body.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Speaker", exact=True).click()
    speaker = body.locator("[data-streamfield-child]").filter(
        has=page.locator("[data-contentpath='write_up']")
    )
    speaker.get_by_label("Name", exact=True).fill(SPEAKER)
    speaker.get_by_label("Job title").fill(SPEAKER_ROLE)
    speaker.locator("[data-contentpath='write_up'] [contenteditable='true']").click()
    page.keyboard.type(WRITE_UP)

    body.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name="List", exact=True).click()
    list_block = body.locator("[data-streamfield-child]").filter(
        has=page.locator("[data-contentpath='items']")
    )
    items = list_block.locator("[data-contentpath='items'] input[type='text']")
    expect(items).to_have_count(1)  # min_num=1
    items.first.fill(ITEMS[0])
    list_block.get_by_role("button", name="Add", exact=True).last.click()
    expect(items).to_have_count(2)
    items.nth(1).fill(ITEMS[1])


def assert_steps_in_order(page_id, expected):
    steps = [
        (entry.action, entry.user and entry.user.username)
        for entry in PageLogEntry.objects.filter(page_id=page_id).order_by("timestamp", "pk")
    ]
    remaining = iter(steps)
    for step in expected:
        assert step in remaining, f"{step} missing or out of order in {steps}"


def test_post_goes_from_draft_through_review_to_live(demo_site, open_page, settings):
    # Reviewers need a second factor where BULLETIN_REQUIRE_2FA is on; this test is about
    # the review, so it is off (the live server's thread reads these same settings).
    settings.BULLETIN_REQUIRE_2FA = False
    base_url = demo_site.url
    blog = BlogPage.objects.get(slug="technology")
    tester = {"password": PASSWORD, "last_name": "Tester"}
    writer = make_user("wendy_writer", (blog, "writers"), first_name="Wendy", **tester)
    reviewer = make_user("ravi_reviewer", (blog, "reviewers"), first_name="Ravi", **tester)
    explorer_url = f"{base_url}/admin/pages/{blog.pk}/"
    assert len(LONG_SUMMARY) > SUMMARY_MAX_LENGTH >= len(SHORT_SUMMARY)
    summary_finding = f"The summary is {len(LONG_SUMMARY)} characters long"
    mail.outbox.clear()

    # 1. The writer drafts the post, with a summary that is too long, and submits it.
    writing = open_page()
    sign_in(writing, base_url, writer)
    write_post(writing, base_url, blog)
    footer_action(writing, "Submit to Blog post review")
    writing.wait_for_url(explorer_url)
    post = PostPage.objects.get(slug=SLUG)
    assert not post.live
    assert post.current_workflow_task.name == "Content checks"
    assert [b.block_type for b in post.get_latest_revision_as_object().body] == [
        "speaker",
        "list",
    ]
    [submitted] = take_mail(1)
    assert submitted.to == [reviewer.email]
    assert f"Waiting for your review: {TITLE}" in submitted.subject
    assert summary_finding in submitted.body

    # 2. The reviewer finds it on the dashboard, sees the finding and asks for changes.
    reviewing = open_page()
    sign_in(reviewing, base_url, reviewer)
    waiting = reviewing.get_by_role("region", name="Awaiting your review")
    waiting.get_by_role("link", name=TITLE).click()
    reviewing.wait_for_url(f"{base_url}/admin/pages/{post.pk}/edit/")
    expect(reviewing.get_by_role("region", name="Content checks", exact=True)).to_contain_text(
        summary_finding
    )
    footer_action(reviewing, "Request changes")
    modal = reviewing.get_by_role("dialog")
    expect(modal.locator("[data-editorial-findings]")).to_contain_text(summary_finding)
    modal.get_by_label("What needs to change").fill(REJECT_COMMENT)
    modal.get_by_role("button", name="Request changes").click()
    reviewing.wait_for_url(explorer_url)
    post.refresh_from_db()
    assert post.current_workflow_state.status == "needs_changes"
    [rejected] = take_mail(1)
    assert rejected.to == [writer.email]
    assert f"Changes requested: {TITLE}" in rejected.subject
    assert REJECT_COMMENT in rejected.body
    assert summary_finding in rejected.body

    # 3. The writer opens the post from the dashboard, fixes the summary, submits again.
    writing.goto(f"{base_url}/admin/")
    writing.get_by_role("region", name="Your pages and snippets in a workflow").get_by_role(
        "link", name=TITLE
    ).click()
    writing.wait_for_url(f"{base_url}/admin/pages/{post.pk}/edit/")
    expect(writing.get_by_role("region", name="Content checks", exact=True)).to_contain_text(
        summary_finding
    )
    writing.get_by_role("textbox", name="Summary").fill(SHORT_SUMMARY)
    # Once changes are requested, resubmitting is the footer's main button.
    writing.get_by_role("navigation", name="Actions (footer)").get_by_role(
        "button", name="Resubmit for review", exact=True
    ).click()
    writing.wait_for_url(explorer_url)
    post = PostPage.objects.get(pk=post.pk)
    # The checks passed on their own: the post waits for the reviewers' approval.
    assert post.current_workflow_task.name == "Approval by the blog's reviewers"
    [resubmitted] = take_mail(1)
    assert resubmitted.to == [reviewer.email]
    assert "The content checks found no problems." in resubmitted.body

    # 4. The reviewer approves and publishes it from the dashboard, with a comment.
    reviewing.goto(f"{base_url}/admin/")
    row = waiting.get_by_role("row").filter(has_text=TITLE)
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve and publish with comment").click()
    modal = reviewing.get_by_role("dialog")
    expect(modal.locator("[data-editorial-findings]")).to_contain_text(
        "The content checks found no problems."
    )
    modal.get_by_label("Comment").fill(APPROVE_COMMENT)
    modal.get_by_role("button", name="Approve and publish with comment").click()
    expect(row).to_have_count(0)
    [approved] = take_mail(1)
    assert approved.to == [writer.email]
    assert f"Approved and published: {TITLE}" in approved.subject
    assert APPROVE_COMMENT in approved.body

    # 5. The post is live at today's dated address, speaker and list included.
    post = PostPage.objects.get(pk=post.pk)
    assert post.live
    today = timezone.localdate()  # TIME_ZONE is Europe/London
    path = f"/technology/{today:%Y/%m/%d}/{SLUG}/"
    assert post.date == today
    assert post.url == path
    reading = open_page()
    response = reading.goto(base_url + path)
    assert response.status == 200
    main = reading.get_by_role("main")
    expect(main.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(main).to_contain_text(SHORT_SUMMARY)
    expect(main).to_contain_text(AUTHOR)
    expect(main).to_contain_text(SPEAKER)
    expect(main).to_contain_text(SPEAKER_ROLE)
    expect(main).to_contain_text(WRITE_UP)
    for item in ITEMS:
        expect(main.get_by_role("listitem").filter(has_text=item)).to_have_count(1)

    # 6. The audit log shows every step, and who took it.
    assert_steps_in_order(
        post.pk,
        [
            ("wagtail.create", writer.username),
            ("editorial.checks.findings", None),
            ("wagtail.workflow.start", writer.username),
            ("wagtail.workflow.reject", reviewer.username),
            ("wagtail.edit", writer.username),
            ("wagtail.workflow.resume", writer.username),
            ("wagtail.workflow.approve", None),  # the checks, passing on their own
            ("wagtail.workflow.approve", reviewer.username),
            ("wagtail.publish", reviewer.username),
        ],
    )
    assert len(mail.outbox) == 0
