"""The reviewer's loop as the writer meets it, in a real browser: "New post" from the
dashboard and the blog's page listing, the reviewer's request at the top of the editor,
a finding that opens, focuses and highlights its block (by mouse and by keyboard), and
one "Resubmit for review" that sends the post back into review."""

import re

import pytest
from playwright.sync_api import expect

from demo.factories import make_post
from posts.models import BlogPage, Person, PostPage
from tests.browser.test_csp import violations, watch
from tests.browser.test_workflow import make_user, sign_in

TITLE = "What we learned from the open code meetup"
COMMENT = "Please say where the link goes, and who spoke first."
CLICK_HERE = '<p>Read the guidance <a href="https://www.gov.uk/service-manual">here</a>.</p>'
TIMEOUT_MS = 15_000


@pytest.fixture
def writing(playwright_browser):
    context = playwright_browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def post_sent_back(blog, writer, reviewer):
    """A long post whose last block has a link saying "here": the checks flag it, and
    the reviewer asks for changes."""
    paragraphs = [
        ("paragraph", f"<p>Part {n}: we met in London to talk about open code.</p>")
        for n in range(1, 9)
    ]
    post = make_post(
        blog,
        TITLE,
        authors=[Person.objects.order_by("pk").first()],
        body=[*paragraphs, ("paragraph", CLICK_HERE)],
        publish=False,
    )
    post.get_workflow().start(post, writer)
    post = PostPage.objects.get(pk=post.pk)
    post.current_workflow_task_state.reject(user=reviewer, comment=COMMENT)
    return PostPage.objects.get(pk=post.pk)


def test_new_post_request_finding_and_resubmit(demo_site, writing, settings):
    settings.BULLETIN_REQUIRE_2FA = False  # the reviewer's second factor is not tested here
    base_url = demo_site.url
    blog = BlogPage.objects.get(slug="technology")
    writer = make_user("wanda_writer", (blog, "writers"), first_name="Wanda", last_name="Tester")
    reviewer = make_user("rob_reviewer", (blog, "reviewers"), first_name="Rob", last_name="Tester")
    post = post_sent_back(blog, writer, reviewer)
    block_id = post.get_latest_revision_as_object().body[-1].id
    add_url = f"{base_url}/admin/pages/add/posts/postpage/{blog.pk}/"
    problems = watch(writing)

    # 1. "New post" on the dashboard opens the post form of the writer's blog.
    sign_in(writing, base_url, writer)
    writing.get_by_role("region", name="Write a post").get_by_role(
        "link", name=f"New post in {blog.title}"
    ).click()
    writing.wait_for_url(add_url)
    expect(writing.get_by_placeholder("Page title*")).to_be_visible()

    # ... and so does the one in the blog's page listing.
    writing.goto(f"{base_url}/admin/pages/{blog.pk}/")
    new_post = writing.get_by_role("link", name="New post", exact=True)
    expect(new_post).to_be_visible()
    new_post.click()
    writing.wait_for_url(add_url)

    # 2. In the editor, the reviewer's request comes first.
    writing.goto(f"{base_url}/admin/pages/{post.pk}/edit/")
    checks = writing.get_by_role("region", name="Content checks", exact=True)
    request = checks.get_by_role("region", name="Changes requested")
    expect(request).to_contain_text("Rob Tester asked for changes")
    expect(request).to_contain_text(COMMENT)

    # 3. The finding leads to its block: the block opens (it was folded away), scrolls
    # into view, takes the focus and is highlighted.
    block = writing.locator(f"#block-{block_id}-section")
    toggle = block.locator("[data-panel-toggle]").first
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    writing.mouse.wheel(0, -5000)
    expect(block).not_to_be_in_viewport()
    checks.get_by_role("link", name="Block 9 (paragraph)").click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(block).to_be_focused()
    expect(block).to_have_class(re.compile(r"\beditorial-highlight\b"))
    expect(block).to_be_in_viewport()
    expect(block).to_contain_text("here")

    # Focus elsewhere ends the highlight; the keyboard does the same as the mouse.
    writing.get_by_placeholder("Page title*").click()
    expect(block).not_to_have_class(re.compile(r"\beditorial-highlight\b"))
    writing.mouse.wheel(0, -5000)
    checks.get_by_role("link", name="Block 9 (paragraph)").focus()
    writing.keyboard.press("Enter")
    expect(block).to_be_focused()
    expect(block).to_have_class(re.compile(r"\beditorial-highlight\b"))

    # 4. One main action sends the post back into review.
    footer = writing.get_by_role("navigation", name="Actions (footer)")
    expect(footer.get_by_role("button", name=re.compile("Resubmit to"))).to_have_count(0)
    footer.get_by_role("button", name="Resubmit for review", exact=True).click()
    writing.wait_for_url(f"{base_url}/admin/pages/{blog.pk}/")
    post = PostPage.objects.get(pk=post.pk)
    assert post.current_workflow_state.status == "in_progress"
    # The link still says "here": the post waits in the content checks.
    assert post.current_workflow_task.name == "Content checks"

    assert violations(writing) == []
    assert not [p for p in problems if "Content Security Policy" in p], problems
