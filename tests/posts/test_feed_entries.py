"""Feed entries kept under what they show (posts.feeds): a publish makes again only the
entries it changed, a kept entry is the same XML as one made, and whatever an entry
shows, changed, shows in it at once, before the worker has rendered it again and after."""

import pytest

from contentcache import content
from demo import build
from demo.factories import make_category, make_person, make_post
from posts import feeds
from posts.models import PostPage, RenderedBody

KINDS = ["feed/", "feed/atom/"]


@pytest.fixture(autouse=True)
def _content_cache(settings):
    # Every request reaches the feed: the page cache would answer before any entry.
    settings.BULLETIN_PAGE_CACHE = False
    settings.BULLETIN_CONTENT_CACHE = True


@pytest.fixture
def made(monkeypatch):
    """The titles of the posts whose entries were made (not read from the cache)."""
    titles = []
    real = feeds.KeptEntries.entry_xml

    def entry_xml(self, item):
        titles.append(item["title"])
        return real(self, item)

    monkeypatch.setattr(feeds.KeptEntries, "entry_xml", entry_xml)
    return titles


@pytest.fixture
def speaker(db):
    return make_person("Ada Lovelace", job_title="Engineer")


@pytest.fixture
def category(db):
    return make_category("Open Source")


@pytest.fixture
def post(blog, speaker, category, committed):
    """A post whose body the worker rendered, showing a speaker."""
    with committed():
        return make_post(
            blog,
            "Open source security",
            authors=[speaker],
            categories=[category],
            body=[
                build.paragraph("<p>First words.</p>"),
                build.speaker(speaker, "<p>A talk.</p>"),
            ],
        )


def feed(client, blog, kind="feed/atom/"):
    # A new content version, as any change makes (content.bump would also clear every
    # kept body, as a change it cannot name does): the whole feed is built again.
    content.replace_token(content.VERSION_KEY)
    response = client.get(f"{blog.url}{kind}")
    assert response.status_code == 200
    return response.content.decode()


def test_a_publish_makes_again_only_the_entries_it_changed(client, blog, post, made, committed):
    with committed():
        make_post(blog, "Coding in the open")
    feed(client, blog)
    assert sorted(made) == ["Coding in the open", "Open source security"]
    made.clear()
    with committed():
        make_post(blog, "A new post")
    text = feed(client, blog)
    assert made == ["A new post"]
    assert "Open source security" in text and "Coding in the open" in text


@pytest.mark.parametrize("kind", KINDS)
def test_kept_entries_make_the_same_feed_as_entries_made(
    client, blog, post, made, committed, settings, kind
):
    with committed():
        make_post(blog, "Coding in the open", summary="Less & more <b>")
    first = feed(client, blog, kind)
    made.clear()
    kept = feed(client, blog, kind)
    assert made == []  # every entry kept
    settings.BULLETIN_CONTENT_CACHE = False
    assert kept == first == feed(client, blog, kind)


def test_the_entries_are_read_in_one_round_trip(client, blog, post, committed, monkeypatch):
    with committed():
        make_post(blog, "Coding in the open")
    feed(client, blog)
    asked = []
    real = content.cache.get_many
    monkeypatch.setattr(content.cache, "get_many", lambda keys: asked.append(keys) or real(keys))
    feed(client, blog)
    # The version with the address's recipe, then its parts: the entries among them.
    assert len(asked) == 2
    assert sum(key.startswith(f"{content.LASTING}feed-entry") for key in asked[1]) == 2


def test_a_new_body_shows_at_once_and_is_kept_once_rendered(client, blog, post, made, committed):
    feed(client, blog)
    post.body = [build.paragraph("<p>Second words.</p>")]
    post.save_revision().publish()  # the worker has not rendered it yet
    text = feed(client, blog)
    assert "Second words." in text and "First words." not in text
    made.clear()
    assert "Second words." in feed(client, blog)
    assert made == [post.title]  # rendered on the spot: not kept
    with committed():  # the worker renders it
        post.save_revision().publish()
    made.clear()
    feed(client, blog)
    assert "Second words." in feed(client, blog)
    assert made == [post.title]  # made once, then kept


def test_a_body_written_by_any_means_shows_at_once(client, blog, post):
    """The body's digest is the database's: a write that neither publishes nor saves the
    page (a bulk update, a script) changes it all the same."""
    feed(client, blog)
    post.body = [build.paragraph("<p>Written by a script.</p>")]
    PostPage.objects.filter(pk=post.pk).update(body=post.body)
    text = feed(client, blog)
    assert "Written by a script." in text and "First words." not in text


def test_a_renamed_speaker_shows_at_once_and_once_rendered(client, blog, post, speaker, committed):
    assert "Ada Lovelace" in feed(client, blog)
    speaker.name = "Ada King"
    speaker.save_revision().publish()  # the kept body is cleared: rendered on the spot
    assert RenderedBody.objects.get(pk=post.pk).key == ""
    text = feed(client, blog)
    assert "Ada King" in text and "Ada Lovelace" not in text
    with committed():  # the worker renders it again: the same key, other HTML
        speaker.name = "Ada, Countess of Lovelace"
        speaker.save_revision().publish()
    assert RenderedBody.objects.get(pk=post.pk).key
    text = feed(client, blog)
    assert "Ada, Countess of Lovelace" in text and "Ada King" not in text


def test_a_new_title_and_an_unpublished_category_show_at_once(client, blog, post, category):
    assert '<category term="Open Source"' in feed(client, blog)
    category.unpublish()
    post.title = "Open source security, revisited"
    post.save_revision().publish()
    text = feed(client, blog)
    assert "Open source security, revisited" in text
    assert 'Open Source"' not in text


def test_bodies_rendered_on_the_spot_are_never_kept(client, blog, post, made):
    RenderedBody.objects.all().delete()
    feed(client, blog)
    feed(client, blog)
    assert made == [post.title, post.title]


def test_without_the_cache_every_entry_is_made(client, blog, post, made, settings):
    settings.BULLETIN_CONTENT_CACHE = False
    feed(client, blog)
    feed(client, blog)
    assert made == [post.title, post.title]


def test_a_post_deleted_while_the_feed_is_built_is_left_out(
    client, blog, post, committed, monkeypatch
):
    with committed():
        other = make_post(blog, "Coding in the open")
    real = feeds.read_bodies

    def deleting(posts):
        other.delete()  # between the feed's query and its bodies'
        return real(posts)

    monkeypatch.setattr(feeds, "read_bodies", deleting)
    text = feed(client, blog)
    assert "Open source security" in text and "Coding in the open" not in text
