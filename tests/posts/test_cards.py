"""Post cards kept under what they show (posts.cards): a change elsewhere leaves a card
alone, and whatever a card shows, changed, shows on it at once."""

import pytest

from django.test.signals import template_rendered

from contentcache import content
from demo.factories import make_category, make_image, make_person, make_post
from posts.cards import CARD
from tests.comments.base import add_comment
from tests.html import soup


@pytest.fixture(autouse=True)
def _content_cache(settings):
    # Every request reaches the page: the page cache would answer before any card.
    settings.BULLETIN_PAGE_CACHE = False
    settings.BULLETIN_CONTENT_CACHE = True


@pytest.fixture
def author(db):
    return make_person("Liam Maxwell")


@pytest.fixture
def category(db):
    return make_category("Open Source")


@pytest.fixture
def image(db):
    return make_image("Meetup room", alt_text="People at the meetup")


@pytest.fixture
def post(blog, author, category, image):
    return make_post(
        blog,
        "Open source security",
        authors=[author],
        categories=[category],
        listing_image=image,
    )


@pytest.fixture
def drawn():
    """The titles of the posts whose cards were drawn (not read from the cache)."""
    titles = []

    def receive(sender, template, context, **kwargs):
        if template.name == CARD:
            titles.append(context["post"].title)

    template_rendered.connect(receive)
    yield titles
    template_rendered.disconnect(receive)


def card(client, url, title):
    response = client.get(url)
    assert response.status_code == 200
    for article in soup(response).select("article.bulletin-card"):
        if article.select_one(".bulletin-card__title").get_text(strip=True) == title:
            return article
    raise AssertionError(f"no card for {title!r} at {url}")


def test_a_publish_draws_again_only_the_cards_it_changed(client, blog, post, drawn):
    other = make_post(blog, "Coding in the open")
    client.get(blog.url)
    assert sorted(drawn) == ["Coding in the open", "Open source security"]
    drawn.clear()
    make_post(blog, "A new post")  # a new content version: every page built again
    page = client.get(blog.url).content.decode()
    assert drawn == ["A new post"]
    assert "Open source security" in page and other.title in page
    drawn.clear()
    client.get(blog.url)  # kept whole now
    assert drawn == []


def test_the_cards_of_a_listing_are_read_in_one_round_trip(client, blog, post, monkeypatch):
    make_post(blog, "Coding in the open")
    client.get(blog.url)
    content.bump()
    asked = []
    real = content.cache.get_many
    monkeypatch.setattr(content.cache, "get_many", lambda keys: asked.append(keys) or real(keys))
    client.get(blog.url)
    # The version with the address's recipe, then its parts: the cards among them.
    assert len(asked) == 2
    assert sum(key.startswith(content.LASTING) for key in asked[1]) == 2


def test_a_changed_title_and_summary_show_at_once(client, blog, post):
    client.get(blog.url)
    post.title, post.summary = "Open source security, revisited", "New words."
    post.save_revision().publish()
    shown = card(client, blog.url, "Open source security, revisited")
    assert "New words." in shown.get_text()


def test_a_renamed_author_shows_at_once(client, blog, post, author):
    client.get(blog.url)
    author.name = "Liam Maxwell-Smith"
    author.save_revision().publish()
    assert "Liam Maxwell-Smith" in card(client, blog.url, post.title).get_text()


def test_an_unpublished_category_leaves_the_card_at_once(client, blog, post, category):
    assert "Open Source" in card(client, blog.url, post.title).get_text()
    category.unpublish()
    assert "Open Source" not in card(client, blog.url, post.title).get_text()


def test_a_new_alt_text_shows_at_once(client, blog, post, image):
    assert card(client, blog.url, post.title).img["alt"] == "People at the meetup"
    image.alt_text = "Twenty people at the meetup"
    image.save()
    assert card(client, blog.url, post.title).img["alt"] == "Twenty people at the meetup"


def test_an_approved_comment_is_counted_at_once(client, blog, post):
    assert "comment" not in card(client, blog.url, post.title).get_text()
    add_comment(post)
    assert "1 comment" in card(client, blog.url, post.title).get_text()


def test_a_renamed_blog_shows_at_once_on_the_network_pages(client, blog, post):
    assert blog.title in card(client, "/all-posts/", post.title).get_text()
    blog.title = "Technology in government"
    blog.save_revision().publish()
    assert "Technology in government" in card(client, "/all-posts/", post.title).get_text()
    assert "Technology in government" in card(client, "/", post.title).get_text()


def test_a_moved_post_links_to_its_new_address(client, blog, other_blog, post):
    client.get(blog.url)
    post.move(other_blog, pos="last-child")
    post.refresh_from_db()
    link = card(client, other_blog.url, post.title).select_one(".bulletin-card__title a")
    assert link["href"] == post.url
    assert post.title not in client.get(blog.url).content.decode()


def test_a_preview_neither_reads_nor_keeps_cards(client, blog, post, drawn):
    client.get(blog.url)
    drawn.clear()
    blog.get_latest_revision_as_object().make_preview_request()
    assert drawn == [post.title]  # drawn, not read
