"""A blog's comment settings come with the blog when it is routed (contentcache.pages),
so that a post's first render after a change does not query them: they must be the
blog's published settings, or the defaults when it has none saved."""

from comments.models import BlogCommentSettings
from contentcache.pages import with_live_children
from demo.factories import change_blog_settings, make_blog, make_home


def routed(home, slug):
    return with_live_children(home).prefetched_live_children[slug]


def test_routed_blog_brings_its_published_settings(db, django_assert_num_queries):
    home = make_home()
    blog = make_blog(home, "Technology", comments={"comments_close_after_days": 30})
    change_blog_settings(blog, "comment_settings", comments_need_two_moderators=True)
    # A draft of other settings is not what readers get.
    draft = blog.comment_settings.get()
    draft.comments_open = False
    blog.comment_settings = [draft]
    blog.save_revision()
    saved = BlogCommentSettings.objects.get(blog=blog)
    with django_assert_num_queries(1):  # the routing query, and no other
        settings = BlogCommentSettings.for_blog(routed(home, "technology"))
    assert (settings.pk, settings.blog_id) == (saved.pk, blog.pk)
    assert settings.comments_open is True
    assert settings.comments_close_after_days == 30
    assert settings.comments_need_two_moderators is True
    assert not settings._state.adding


def test_routed_blog_without_settings_has_the_defaults(db, django_assert_num_queries):
    home = make_home()
    make_blog(home, "Technology")
    BlogCommentSettings.objects.all().delete()
    with django_assert_num_queries(1):
        settings = BlogCommentSettings.for_blog(routed(home, "technology"))
    assert settings.pk is None
    assert (settings.comments_open, settings.comments_close_after_days) == (True, 90)
    assert settings.comments_need_two_moderators is False
