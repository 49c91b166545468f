"""Which URLs a change touches, worked out by the worker (queries are cheap there)."""

from urllib.parse import urlsplit

from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Site

# Every site answers these with the whole network's posts.
NETWORK_PATHS = ("/", "/all-posts/", "/feed/", "/feed/atom/", "/sitemap.xml")


def hostnames():
    """The host (and port) of every site: what a purge of everything covers."""
    return sorted({urlsplit(site.root_url).netloc for site in Site.objects.all()})


def network_urls():
    return {site.root_url + path for site in Site.objects.all() for path in NETWORK_PATHS}


def post_urls(post_ids):
    """The URLs showing the posts `post_ids`: each post's own, its blog's listing and
    feeds, the category, author (and speaker), tag and date archives listing it with
    their feeds, and the network's home, /all-posts/, feeds and sitemap. None when a post
    is gone: what listed it can no longer be known, so everything must go."""
    from posts.models import BlogPage, PostPage
    from posts.models.pages import blog_path

    posts = list(PostPage.objects.filter(pk__in=post_ids))
    if len(posts) < len(set(post_ids)):
        return None
    batch = PurgeBatch()
    blogs = {
        blog.path: blog
        for blog in BlogPage.objects.filter(path__in=[blog_path(p.path) for p in posts])
    }
    for post in posts:
        batch.add_page(post)
        blog = blogs.get(blog_path(post.path))
        if blog is None:
            continue
        batch.add_page(blog)
        base = blog.get_full_url(batch)
        if base:
            batch.add_urls(base + path for path in blog.archive_paths_of(post))
    batch.add_urls(network_urls())
    return batch.urls
