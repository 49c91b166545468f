"""The writer's path in a real browser: their own byline already in place, Enter adding the
next bullet, typed-in fields that hide once a person is chosen, and a second post with the
same title that autosaves under a slug of its own."""

import re

import pytest
from playwright.sync_api import expect

from demo.factories import make_person, make_post
from posts.models import BlogPage, Person, PostPage
from tests.browser.test_workflow import make_user, open_page, sign_in  # noqa: F401


@pytest.fixture
def writing(demo_site, open_page, settings):  # noqa: F811
    settings.BULLETIN_REQUIRE_2FA = False
    blog = BlogPage.objects.get(slug="technology")
    writer = make_user("wendy_writer", (blog, "writers"), first_name="Wendy", last_name="Tester")
    page = open_page()
    sign_in(page, demo_site.url, writer)
    page.goto(f"{demo_site.url}/admin/pages/add/posts/postpage/{blog.pk}/")
    return page, blog, writer


def insert_block(page, name):
    body = page.locator("[data-contentpath='body']")
    body.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name=name, exact=True).click()
    return body.locator("[data-streamfield-child]").last


def test_the_writer_is_author_1(writing):
    page, _blog, writer = writing
    authors = page.get_by_role("region", name="Authors", exact=True)
    expect(authors.get_by_role("heading", name="Author 1")).to_be_visible()
    expect(authors).to_contain_text("Wendy Tester")
    assert Person.objects.get(user=writer).name == "Wendy Tester"


def test_enter_in_a_list_item_adds_the_next_bullet(writing):
    page, _blog, _writer = writing
    insert_block(page, "List")
    items = page.locator("[data-bulletin-list] [data-contentpath='items'] input[type='text']")
    expect(items).to_have_count(1)
    items.first.fill("write clean code")
    items.first.press("Enter")
    expect(items).to_have_count(2)
    expect(items.nth(1)).to_be_focused()
    page.keyboard.type("make use of peer reviews")
    # Enter in the first item puts the new one between the two.
    items.first.press("Enter")
    expect(items).to_have_count(3)
    expect(items.nth(1)).to_be_focused()
    page.keyboard.type("ask questions")
    assert [items.nth(i).input_value() for i in range(3)] == [
        "write clean code",
        "ask questions",
        "make use of peer reviews",
    ]
    assert PostPage.objects.filter(title="").count() == 0  # Enter never submitted the form


def test_choosing_a_person_hides_the_typed_in_fields(writing):
    page, _blog, _writer = writing
    make_person("Jason Paige", job_title="Head of Software Engineering")
    speaker = insert_block(page, "Speaker").locator("[data-bulletin-person]").first
    typed_in = [speaker.get_by_label(label, exact=True) for label in ("Name", "Organisation")]
    for field in typed_in:
        expect(field).to_be_visible()

    speaker.get_by_role("button", name="Choose person").click()
    chooser = page.get_by_role("dialog")
    expect(chooser).to_contain_text("Head of Software Engineering")  # results show roles
    chooser.get_by_role("link", name="Jason Paige").click()
    expect(chooser).to_be_hidden()
    for field in typed_in:
        expect(field).to_be_hidden()

    speaker.locator("[data-contentpath='person']").get_by_role("button", name="Actions").click()
    page.get_by_role("button", name="Clear choice").click()
    for field in typed_in:
        expect(field).to_be_visible()


def test_a_person_added_from_the_chooser_is_chosen(writing):
    page, _blog, _writer = writing
    speaker = insert_block(page, "Speaker").locator("[data-bulletin-person]").first
    speaker.get_by_role("button", name="Choose person").click()
    chooser = page.get_by_role("dialog")
    chooser.get_by_role("tab", name="Add a new person").click()
    chooser.get_by_label("Name").fill("Nadia Rahman")
    chooser.get_by_label("Job title").fill("Head of Open Source")
    chooser.get_by_role("button", name="Add person").click()
    expect(chooser).to_be_hidden()
    expect(speaker.locator("[data-contentpath='person']")).to_contain_text("Nadia Rahman")
    expect(speaker.get_by_label("Name", exact=True)).to_be_hidden()
    assert Person.objects.get(name="Nadia Rahman").job_title == "Head of Open Source"


def test_a_second_post_with_the_same_title_autosaves(writing):
    page, blog, writer = writing
    make_post(blog, "Weekly notes", authors=[make_person("Khidr Suleman")])
    # Wagtail notes the form's state 2 seconds after it opens; autosave sends what changes
    # after that.
    page.wait_for_timeout(2500)
    page.get_by_placeholder("Page title*").fill("Weekly notes")
    page.get_by_role("textbox", name="Summary").fill("What we did this week.")
    # The autosave creates the post (the address becomes its edit view's); its new slug
    # comes back into the form.
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    post = PostPage.objects.get(owner=writer)
    assert post.slug == "weekly-notes-2"
    page.get_by_role("tab", name="Promote").click()
    expect(page.get_by_label("Slug")).to_have_value("weekly-notes-2")
    expect(page.get_by_label("Show in menus")).to_have_count(0)
