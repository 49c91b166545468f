"""From "New post" to a live post, again and again, in Chromium, on SQLite and PostgreSQL.

A writer starts from the dashboard's "New post" button, writes a post (always with the same
title: the address must still be found for it), and submits it; a reviewer opens it in the
editor and clicks "Approve and publish" there, where Wagtail's autosave used to follow the
click and unpublish the post. Each round must end with a live post, one approval e-mail's
worth of truth, no 500, no stray draft, no false warning, and no autosave carrying the
approval. The server is `manage.py runserver` in a process of its own (tests/servers.py):
SQLite as `make run` has it, and PostgreSQL with the background worker, as in production.
"""

import os
import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_workflow import footer_action
from tests.servers import running_server

ROUNDS = int(os.environ.get("EDITOR_LOOP_ROUNDS", "20"))
TITLE = "Race notes from the Open Source meetup"
SUMMARY = "What we learned at the cross-government Open Source meetup."
TEXT = "We met in London to talk about open code. It was a good day."
TIMEOUT_MS = 20_000


@pytest.fixture(params=["sqlite", "postgresql-worker"])
def server(request, tmp_path_factory):
    with running_server(request.param, tmp_path_factory) as server:
        yield server


def signed_in(browser, server, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    context.add_cookies(
        [{"name": "sessionid", "value": server.sessions[username], "url": server.url}]
    )
    return context.new_page()


def watch(page, problems):
    """Record every server error, and every autosave that carries a workflow action."""

    def on_response(response):
        if response.status >= 500:
            problems.append(f"{response.status} {response.request.method} {response.url}")

    def on_request(request):
        data = request.post_data or ""
        accepts_json = "application/json" in (request.headers.get("accept") or "")
        if request.method == "POST" and accepts_json and "workflow-action-name" in data:
            problems.append(f"autosave with a workflow action: {request.url}")

    page.on("response", on_response)
    page.on("request", on_request)


def write_and_submit(page, server):
    page.goto(f"{server.url}/admin/")
    page.get_by_role("link", name="New post in Government Technology").click()
    page.wait_for_url(re.compile(r"/admin/pages/add/posts/postpage/\d+/"))
    body = page.locator("[data-contentpath='body']")
    body.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Paragraph", exact=True).click()
    # Wagtail animates a new block in and draws its editor again at the end: text typed
    # before then shows but is lost. Wait for the block to settle.
    expect(body.locator("[data-streamfield-child]").first).not_to_have_attribute(
        "style", re.compile("overflow")
    )
    paragraph = body.locator(".public-DraftEditor-content").first
    paragraph.click()
    page.keyboard.type(TEXT)
    expect(page.locator("input[name='body-0-value']")).to_have_value(re.compile("We met"))
    expect(paragraph).to_contain_text(TEXT)
    # Then the title and summary: the rich text editor saves its value as it loses focus.
    page.get_by_placeholder("Page title*").fill(TITLE)
    page.get_by_role("textbox", name="Summary").fill(SUMMARY)
    # Draftail writes its value to the form after a pause: on a loaded machine the form
    # once went with the first words only. Submit once it holds the whole paragraph.
    expect(page.locator("input[name='body-0-value']")).to_have_value(
        re.compile(re.escape("It was a good day."))
    )
    footer_action(page, "Submit to Blog post review")
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))


def page_errors(page):
    """The messages and field errors the page shows."""
    texts = page.locator(".messages, .error-message, .w-field__errors").all_inner_texts()
    return [text.strip() for text in texts if text.strip()]


def approve_in_the_editor(page, server, post_id):
    page.goto(f"{server.url}/admin/pages/{post_id}/edit/")
    footer_action(page, "Approve and publish")
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    messages = page.locator(".messages")
    expect(messages).to_contain_text("has been approved and published")
    expect(messages).not_to_contain_text("after you opened it")


def test_new_post_to_live_again_and_again(server, playwright_browser):
    problems = []
    writing = signed_in(playwright_browser, server, "writer")
    reviewing = signed_in(playwright_browser, server, "reviewer")
    watch(writing, problems)
    watch(reviewing, problems)
    seen = set()
    for round_number in range(ROUNDS):
        try:
            write_and_submit(writing, server)
        except AssertionError:
            raise
        except Exception as error:  # a timeout: say what the page shows
            raise AssertionError(f"round {round_number}: {page_errors(writing)}") from error
        state = server.script("state")
        [post_id] = [pk for pk in state if pk not in seen]
        seen.add(post_id)
        approve_in_the_editor(reviewing, server, post_id)
        post = server.script("state")[post_id]
        assert post["live"] and post["live_revision"], (round_number, post)
        assert not post["has_unpublished_changes"], (round_number, post)
        assert post["log"].count("wagtail.publish") == 1, (round_number, post)
        status, _, html = server.request("GET", post["url"])
        assert status == 200 and TEXT in html, (round_number, post["url"], status)
        assert problems == [], (round_number, problems)
    final = server.script("state")
    assert len(final) == ROUNDS  # no stray drafts
    assert all(post["live"] for post in final.values())
    slugs = [post["slug"] for post in final.values()]
    assert len(set(slugs)) == ROUNDS, slugs
    assert '" 500 ' not in server.output()
