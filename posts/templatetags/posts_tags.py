"""Template tags through which other apps (the network home, the shell) list posts and
blogs without importing the posts app, and the pieces a blog's sidebar shows."""

from django import template

from contentcache import content
from home.visibility import is_public
from posts import cards, neighbours, rendering, sidebar
from posts.models import PostPage, pages

register = template.Library()


@register.simple_tag
def network_blogs():
    """Every live, public blog of the network, in the order editors keep them."""
    return pages.network_blogs()


@register.simple_tag
def latest_posts(count=6):
    """The newest posts across all blogs, ready for post cards (each with its blog)."""
    return content.cached(
        "latest-posts",
        count,
        compute=lambda: PostPage.objects.published().for_listing()[:count].with_blogs(),
    )


@register.simple_tag(takes_context=True)
def blog_sidebar(context, blog):
    """The sidebar's links (posts.sidebar): `categories`, (address, name) of the published
    categories this blog's published posts use, by name; `months`, (address, first day)
    of each month in which it published, newest first."""
    found = sidebar.links(blog)
    base = blog.get_url(context.get("request")) or ""

    def month_url(month):
        kwargs = {"year": f"{month:%Y}", "month": f"{month:%m}"}
        return f"{base}{blog.reverse_subpage('date_archive', kwargs=kwargs)}"

    return {
        "categories": [
            (f"{base}{blog.reverse_subpage('category', args=[slug])}", name)
            for name, slug in found["categories"]
        ],
        "months": [(month_url(month), month) for month in sidebar.months_of(found)],
    }


@register.simple_tag(takes_context=True)
def kept_body(context, post):
    """`post`'s body as the worker rendered it (posts.rendering), or None."""
    return rendering.kept_html(post, context.get("blog"), context.get("request"))


@register.simple_tag
def featured_posts(blog):
    """The blog's featured posts that readers can see, in the editors' order: its few rows
    (three at most) with their posts, kept if still the blog's and public, as
    `child_of(blog).for_readers()` would answer. Asking the database that through a
    subquery cost 4 ms of each cold blog page, mostly compiling and planning it."""
    featured = blog.featured_posts.select_related("post").order_by("sort_order")
    return [
        item.post
        for item in featured
        if item.post.depth == blog.depth + 1
        and item.post.path.startswith(blog.path)
        and is_public(item.post)
    ]


@register.simple_tag
def post_neighbours(post, categories, tags):
    """The related posts (`related`: sharing one of `categories` or `tags`) and the
    `previous` and `next` posts of `post`'s blog: as the worker kept them
    (posts.neighbours), else in one query (PostPage.neighbours)."""
    found = neighbours.kept(post, post.blog, categories, tags)
    if found is None:
        found = post.neighbours([c.pk for c in categories], [t.pk for t in tags])
    return found


@register.simple_tag(takes_context=True)
def picked_links(context, post):
    """The related links the writer picked for `post` (see PostPage.picked_links)."""
    return post.picked_links(context.get("request"))


@register.simple_tag(takes_context=True)
def post_cards(context, posts, comment_counts, show_blog=False, heading_level=None):
    """The card of each of `posts` as HTML, kept under what it shows (posts.cards)."""
    return cards.render(context, posts, comment_counts, show_blog, heading_level)


@register.filter
def live(snippets):
    """The people or categories among `snippets` that readers may see (published)."""
    return [snippet for snippet in snippets if snippet.live]


@register.filter
def people(post):
    """A post's authors as People, in order, from the prefetched `post_authors`."""
    return [author.person for author in post.post_authors.all()]
