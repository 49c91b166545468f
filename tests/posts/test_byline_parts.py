"""A post's categories and tags come in one query (PostPage.categories_and_tags), in the
order and with the values that `categories.all()` and `tags.all()` give; a preview shows
the draft's."""

from demo.factories import make_blog, make_category, make_home, make_post
from posts.models import Category, PostPage


def test_categories_and_tags_in_one_query(db, django_assert_num_queries):
    blog = make_blog(make_home(), "Technology")
    categories = [make_category(name) for name in ("Security", "data", "Events")]
    # Unpublished: kept, as `all()` keeps it (the byline leaves it out).
    Category.objects.filter(pk=categories[2].pk).update(live=False)
    post = make_post(blog, "A post", categories=categories, tags=["zebra", "apple", "mango"])
    post = PostPage.objects.get(pk=post.pk)
    with django_assert_num_queries(1):
        found, tags = post.categories_and_tags()
    expected = list(post.categories.all())
    assert [(c.pk, c.name, c.slug, c.live) for c in found] == [
        (c.pk, c.name, c.slug, c.live) for c in expected
    ]
    assert [(t.pk, t.name, t.slug) for t in tags] == [
        (t.pk, t.name, t.slug) for t in post.tags.all()
    ]
    assert {t.name for t in tags} == {"zebra", "apple", "mango"}
    assert [c.name for c in found] == ["Events", "Security", "data"]  # the database's order


def test_a_post_without_categories_or_tags(db, django_assert_num_queries):
    post = make_post(make_blog(make_home(), "Technology"), "A post", categories=[], tags=[])
    post = PostPage.objects.get(pk=post.pk)
    with django_assert_num_queries(1):
        assert post.categories_and_tags() == ([], [])


def test_a_preview_shows_the_drafts_categories_and_tags(db):
    blog = make_blog(make_home(), "Technology")
    security, data = make_category("Security"), make_category("Data")
    post = make_post(blog, "A post", categories=[security], tags=["old"])
    draft = PostPage.objects.get(pk=post.pk)
    draft.categories = [data]
    draft.tags.set(["new"])
    draft = draft.save_revision().as_object()
    _authors, categories, tags = draft.byline_parts()
    assert [c.name for c in categories] == ["Data"]
    assert [t.name for t in tags] == ["new"]
