"""A post's authors, categories and tags come in one query (PostPage.byline_parts), in the
order and with the values that `post_authors`, `categories.all()` and `tags.all()` give; a
preview shows the draft's."""

from demo.factories import make_blog, make_category, make_home, make_person, make_post
from posts.models import Category, Person, PostPage


def test_authors_categories_and_tags_in_one_query(db, django_assert_num_queries):
    blog = make_blog(make_home(), "Technology")
    categories = [make_category(name) for name in ("Security", "data", "Events")]
    # Unpublished: kept, as `all()` keeps it (the byline leaves it out).
    Category.objects.filter(pk=categories[2].pk).update(live=False)
    people = [make_person(name) for name in ("Zoe Adams", "Ann Brown", "Max Cole")]
    Person.objects.filter(pk=people[1].pk).update(live=False)  # shown by name only
    post = make_post(
        blog,
        "A post",
        authors=people,
        categories=categories,
        tags=["zebra", "apple", "mango"],
    )
    post = PostPage.objects.get(pk=post.pk)
    with django_assert_num_queries(1):
        authors, found, tags = post.byline_parts()
    # The byline's order (the editor's), and what it shows of each person.
    assert [(p.pk, p.name, p.slug, p.live) for p in authors] == [
        (a.person.pk, a.person.name, a.person.slug, a.person.live)
        for a in post.post_authors.select_related("person")
    ]
    assert [p.name for p in authors] == ["Zoe Adams", "Ann Brown", "Max Cole"]
    assert [p.live for p in authors] == [True, False, True]
    expected = list(post.categories.all())
    assert [(c.pk, c.name, c.slug, c.live) for c in found] == [
        (c.pk, c.name, c.slug, c.live) for c in expected
    ]
    assert [(t.pk, t.name, t.slug) for t in tags] == [
        (t.pk, t.name, t.slug) for t in post.tags.all()
    ]
    assert {t.name for t in tags} == {"zebra", "apple", "mango"}
    assert [c.name for c in found] == ["Events", "Security", "data"]  # the database's order


def test_a_post_without_authors_categories_or_tags(db, django_assert_num_queries):
    post = make_post(make_blog(make_home(), "Technology"), "A post", categories=[], tags=[])
    post = PostPage.objects.get(pk=post.pk)
    with django_assert_num_queries(1):
        assert post.byline_parts() == ([], [], [])


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


def test_the_byline_statement_is_compiled_once_for_any_post(db):
    # Compiled once per process (building it took longer than running it): the post's
    # id is its only parameter that varies, once in each of the three parts.
    from posts.models.pages import _ANY_POST, _byline_statement

    _sql, params = _byline_statement("default")
    assert list(params).count(_ANY_POST) == 3
    blog = make_blog(make_home(), "Technology")
    first = make_post(blog, "First", authors=[make_person("Ann Brown")], tags=["one"])
    second = make_post(blog, "Second", authors=[make_person("Max Cole")], tags=["two"])
    for post, person, tag in ((first, "Ann Brown", "one"), (second, "Max Cole", "two")):
        authors, _categories, tags = PostPage.objects.get(pk=post.pk).byline_parts()
        assert [p.name for p in authors] == [person]
        assert [t.name for t in tags] == [tag]
