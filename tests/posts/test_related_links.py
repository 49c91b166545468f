""" "You may also be interested in": related links the writer picks for a post (posts of any
blog of the network, or pages of other websites), shown before the automatic related posts."""

import datetime

import pytest

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from wagtail.blocks import StructBlockValidationError
from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import streamfield

from demo import build
from demo.factories import make_category, make_post
from posts.blocks import PostLinksBlock
from tests.editorial.base import EditorialTestCase, post_form
from tests.html import assert_csp_safe, soup

DAY = datetime.date(2020, 1, 1)
GUIDANCE = "https://www.gov.uk/service-manual"


def post(blog, title, days=0, **fields):
    return make_post(blog, title, date=DAY + datetime.timedelta(days=days), **fields)


def picked(client, page):
    """(text, href) of the picked links shown on `page`, and the page."""
    html = soup(client.get(page.url))
    assert_csp_safe(html)
    section = html.select_one("article .bulletin-related-links")
    links = [(a.get_text(strip=True), a["href"]) for a in section.select("a")] if section else []
    return links, html


def test_picked_links_in_order_under_their_heading(client, blog, other_blog):
    same_blog = post(blog, "Keeping secrets out of public repositories")
    elsewhere = post(other_blog, "Using synthetic data")
    main = post(
        blog,
        "Main",
        days=1,
        tags=["meetups"],
        related_links=[
            build.picked_link(GUIDANCE, "The Service Manual"),
            build.picked_post(elsewhere),
            build.picked_post(same_blog, text="How we keep secrets"),
        ],
    )
    links, html = picked(client, main)
    assert links == [
        ("The Service Manual", GUIDANCE),
        ("Using synthetic data", elsewhere.url),
        ("How we keep secrets", same_blog.url),
    ]
    assert elsewhere.url.startswith("/data/2020/01/01/")
    section = html.select_one(".bulletin-related-links")
    assert section.h2.get_text(strip=True) == "You may also be interested in"
    # After the body, before the tags, as on blog.gov.uk.
    text = html.article.get_text(" ", strip=True)
    assert text.index("You may also be interested in") < text.index("Tags:")


def test_only_posts_readers_can_see_are_linked(client, blog, other_blog):
    live = post(blog, "Live")
    draft = post(blog, "Draft", publish=False)
    unpublished = post(blog, "Unpublished")
    restricted = post(other_blog, "Restricted")
    gone = post(blog, "Deleted")
    main = post(
        blog,
        "Main",
        days=1,
        related_links=[build.picked_post(p) for p in (draft, unpublished, restricted, gone, live)],
    )
    main.related_links.append(("post", {"page": main, "text": "Itself"}))
    main.save_revision().publish()
    unpublished.unpublish()
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    gone.delete()
    links, _ = picked(client, main)
    assert links == [("Live", live.url)]

    live.unpublish()  # the content cache forgets the page at once
    links, html = picked(client, main)
    assert links == []
    assert "You may also be interested in" not in html.main.get_text()


def test_picked_posts_are_not_repeated_in_related_posts(client, blog):
    security = make_category("Security")
    chosen = post(blog, "Chosen", categories=[security])
    other = post(blog, "Other", days=1, categories=[security])
    main = post(
        blog, "Main", days=2, categories=[security], related_links=[build.picked_post(chosen)]
    )
    links, html = picked(client, main)
    assert links == [("Chosen", chosen.url)]
    automatic = html.select_one("section.bulletin-related")
    assert [a.get_text(strip=True) for a in automatic.select("a")] == ["Other"]
    assert other.url == automatic.a["href"]


def test_labels_are_escaped(client, blog):
    main = post(
        blog,
        "Main",
        related_links=[build.picked_link(GUIDANCE, '<script>alert("x")</script>')],
    )
    response = client.get(main.url)
    assert b'<script>alert("x")</script>' not in response.content
    links, _ = picked(client, main)
    assert links == [('<script>alert("x")</script>', GUIDANCE)]


def test_only_web_addresses_are_accepted():
    block = PostLinksBlock().child_blocks["link"]
    value = block.to_python({"url": "javascript:alert(1)", "text": "Click"})
    with pytest.raises(StructBlockValidationError) as refused:
        block.clean(value)
    assert list(refused.value.block_errors) == ["url"]


def test_the_body_block_also_leaves_out_restricted_pages(client, blog):
    restricted = post(blog, "Restricted")
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    main = post(
        blog,
        "Main",
        days=1,
        body=[
            build.related_links(
                build.link(page=restricted), build.link(GUIDANCE, "The Service Manual")
            )
        ],
    )
    links, _ = picked(client, main)
    assert links == [("The Service Manual", GUIDANCE)]


def count_queries(client, url):
    # What building the page costs: with the page cache, a second request costs none.
    with override_settings(BULLETIN_PAGE_CACHE=False):
        assert client.get(url).status_code == 200  # warm the caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)


@pytest.mark.parametrize("cached", [True, False], ids=["cached", "uncached"])
def test_one_query_for_any_number_of_picked_posts(client, blog, other_blog, settings, cached):
    settings.BULLETIN_CONTENT_CACHE = cached
    targets = [post((blog, other_blog)[n % 2], f"Target {n}") for n in range(5)]
    none = post(blog, "None", days=1)
    one = post(blog, "One", days=2, related_links=[build.picked_post(targets[0])])
    five = post(blog, "Five", days=3, related_links=[build.picked_post(t) for t in targets])
    counts = [count_queries(client, page.url) for page in (none, one, five)]
    if cached:
        assert counts[0] == counts[1] == counts[2]
    else:
        assert counts[1] == counts[2] == counts[0] + 1


class Editor(EditorialTestCase):
    def form(self, links):
        return post_form(
            "Live post",
            authors=[self.author],
            page=self.live_post,
            related_links=streamfield(links),
        )

    def test_the_panel_is_labelled_for_writers(self):
        self.login(self.writer)
        html = self.client.get(self.edit_url(self.live_post)).content.decode()
        self.assertIn("You may also be interested in", html)
        self.assertIn("Post on this network", html)
        self.assertIn("Link to another website", html)
        self.assertIn("before the related posts found automatically", html)

    def test_a_writer_picks_a_post_of_another_blog_and_a_website(self):
        self.login(self.writer)
        response = self.post_edit(
            self.live_post,
            self.form(
                [
                    ("post", {"page": self.other_live_post.pk, "text": ""}),
                    ("link", {"url": GUIDANCE, "text": "The Service Manual"}),
                ]
            ),
        )
        self.assertEqual(response.status_code, 302)
        draft = self.reload(self.live_post).get_latest_revision_as_object()
        self.assertEqual(draft.picked_ids, [self.other_live_post.pk])
        self.assertEqual(draft.related_links[1].value["url"], GUIDANCE)

    def test_only_posts_can_be_picked(self):
        self.login(self.writer)
        for page in (self.blog, self.home):
            form = self.form([("post", {"page": page.pk, "text": ""})])
            response = self.post_edit(self.live_post, form, action_submit=1)
            self.assertEqual(response.status_code, 200)  # the form again, with the error
            self.assertContains(response, "The page could not be saved")
            # A draft saved without checks keeps no page that is not a post either.
            self.post_edit(self.live_post, self.form([("post", {"page": page.pk, "text": ""})]))
            draft = self.reload(self.live_post).get_latest_revision_as_object()
            self.assertEqual(draft.picked_ids, [])
            self.assertEqual(draft.picked_links(), [])

    def test_a_website_link_needs_its_text(self):
        self.login(self.writer)
        form = self.form([("link", {"url": GUIDANCE, "text": ""})])
        response = self.post_edit(self.live_post, form, action_submit=1)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "This field is required")
