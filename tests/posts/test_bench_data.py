import pytest

from django.core.management import CommandError, call_command

from wagtail.models import Page, ReferenceIndex

from comments.models import ReaderComment
from demo.corpus import Corpus
from posts.blocks import PostBodyBlock
from posts.models import BlogPage, Category, Person, PostPage


@pytest.mark.django_db
def test_make_bench_data_fills_three_blogs_with_realistic_posts(client):
    call_command("make_bench_data", posts=30, stdout=None)
    posts = PostPage.objects.live().filter(slug__startswith="bench-post-")
    assert posts.count() == 30
    assert BlogPage.objects.filter(slug__startswith="bench-").count() == 3
    assert Person.objects.filter(name__startswith="Bench Person").count() == 200
    assert Category.objects.filter(name__startswith="Bench Category").count() == 50
    post = posts.first()
    assert {block.block_type for block in post.body} == set(PostBodyBlock.base_blocks)
    assert post.tags.exists()
    assert post.post_authors.exists()
    assert post.categories.exists()
    assert ReaderComment.objects.filter(post__in=posts).exists()
    assert client.get(post.url).status_code == 200


@pytest.mark.django_db
def test_bench_posts_are_real_wagtail_pages(client):
    call_command("make_bench_data", posts=30, stdout=None)
    call_command("make_bench_data", posts=4, stdout=None)  # a top-up, as make bench does
    assert Page.find_problems() == ([], [], [], [], [])
    posts = PostPage.objects.filter(slug__startswith="bench-post-").order_by("pk")
    assert posts.count() == 34
    assert {post.slug for post in posts} == {f"bench-post-{n}" for n in range(34)}
    for blog in BlogPage.objects.filter(slug__startswith="bench-"):
        assert blog.numchild == blog.get_children().count() > 0
    for post in posts:
        parent = post.get_parent()
        assert post.live and not post.has_unpublished_changes
        assert post.url_path == f"{parent.url_path}{post.slug}/"
        assert post.live_revision_id == post.latest_revision_id is not None
        revision = post.live_revision.as_object()
        assert revision.title == post.title
        assert revision.body.get_prep_value() == post.body.get_prep_value()
        assert post.get_latest_revision().object_id == str(post.pk)
    for post in posts[::7]:
        response = client.get(post.url)
        assert response.status_code == 200
        assert post.title.encode() in response.content
    # Indexed once at the end: search finds a post by a word of its title, and Wagtail's
    # reference index knows the posts' authors and image.
    post = posts[5]
    word = post.title.split()[0]
    found = PostPage.objects.live().search(word, operator="and")
    assert post in list(found)
    assert ReferenceIndex.get_references_for_object(post).exists()
    # The rows written a batch at a time are those Wagtail writes for the post itself.
    fields = ("content_type", "base_content_type", "to_content_type", "to_object_id",
              "model_path", "content_path", "content_path_hash")  # fmt: skip
    for post in posts[::11]:
        batched = set(ReferenceIndex.get_references_for_object(post).values_list(*fields))
        ReferenceIndex.get_references_for_object(post).delete()
        ReferenceIndex.create_or_update_for_object(post.specific)
        assert set(ReferenceIndex.get_references_for_object(post).values_list(*fields)) == batched


@pytest.mark.django_db
def test_top_up_adds_the_posts_a_single_run_would_have():
    call_command("make_bench_data", posts=5, stdout=None)
    call_command("make_bench_data", posts=3, stdout=None)
    topped_up = dict(PostPage.objects.values_list("slug", "title"))
    PostPage.objects.all().delete()
    call_command("make_bench_data", posts=8, stdout=None)
    assert dict(PostPage.objects.values_list("slug", "title")) == topped_up


def test_corpus_has_thousands_of_words_with_zipf_frequencies():
    corpus = Corpus(seed=1)
    assert len(set(corpus.words)) >= 5000
    assert Corpus(seed=1).words == corpus.words
    counts = {}
    for word in corpus.draw(200_000):
        counts[word] = counts.get(word, 0) + 1
    ranked = sorted(counts.values(), reverse=True)
    assert len(counts) > 4000  # the long tail is drawn too
    # Zipf: the tenth word about a tenth as frequent as the first, the hundredth a hundredth.
    assert 6 < ranked[0] / ranked[9] < 16
    assert 60 < ranked[0] / ranked[99] < 160


@pytest.mark.django_db
def test_make_bench_data_refuses_under_production_settings(settings):
    settings.SETTINGS_MODULE = "settings.production"
    with pytest.raises(CommandError, match="refuses"):
        call_command("make_bench_data", posts=1)
    assert not PostPage.objects.exists()
