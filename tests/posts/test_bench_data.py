import pytest

from django.core.management import CommandError, call_command

from comments.models import ReaderComment
from posts.blocks import PostBodyBlock
from posts.models import BlogPage, Category, Person, PostPage


@pytest.mark.django_db
def test_make_bench_data_fills_three_blogs_with_realistic_posts(client):
    call_command("make_bench_data", posts=6, stdout=None)
    posts = PostPage.objects.live().filter(slug__startswith="bench-post-")
    assert posts.count() == 6
    assert BlogPage.objects.filter(slug__startswith="bench-").count() == 3
    assert Person.objects.filter(name__startswith="Bench Person").count() == 200
    assert Category.objects.filter(name__startswith="Bench Category").count() == 50
    post = posts.first()
    assert {block.block_type for block in post.body} == set(PostBodyBlock.base_blocks)
    assert post.tags.exists()
    assert ReaderComment.objects.filter(post__in=posts).exists()
    assert client.get(post.url).status_code == 200

    call_command("make_bench_data", posts=2, stdout=None)
    assert PostPage.objects.filter(slug__startswith="bench-post-").count() == 8


@pytest.mark.django_db
def test_make_bench_data_refuses_under_production_settings(settings):
    settings.SETTINGS_MODULE = "settings.production"
    with pytest.raises(CommandError, match="refuses"):
        call_command("make_bench_data", posts=1)
    assert not PostPage.objects.exists()
