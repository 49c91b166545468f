"""Post cards (components/card--post.html), kept in the content cache under what they show.

A listing's cards were kept under the content version, like every other part: any publish
anywhere in the network made every card of every listing render again, ten per listing,
a fifth of a listing's first render after a change. Here a card's key is a digest of
everything it shows (the post's title, summary, date and address, its blog's name and
address, its authors and categories as readers see them, its listing image and alt text,
the comment count, how the listing shows it) and of the templates that draw it, without
the version: a card changes key exactly when something on it changes, so a publish
renders again only the cards it changed, and an approved comment only its post's card.
They are read for the whole listing in one round trip, and expire as the content
cache's parts do. Previews, and a cache that is off or away, render every card.
"""

import hashlib

from django.conf import settings

from contentcache import content

CARD, BYLINE = "components/card--post.html", "posts/includes/byline.html"
IMAGE_FIELDS = (
    "pk",
    "file",
    "width",
    "height",
    "focal_point_x",
    "focal_point_y",
    "focal_point_width",
    "focal_point_height",
    "default_alt_text",
)


def render(context, posts, comment_counts, show_blog=False, heading_level=None):
    """The card of each of `posts`, in order, as HTML."""
    engine = context.template.engine
    card = engine.get_template(CARD)
    request = context.get("request")

    def draw(post):
        count = (comment_counts or {}).get(post.pk, 0)
        values = {"post": post, "comment_count": count, "show_blog": show_blog}
        values["heading_level"] = heading_level
        with context.push(**values):
            return card.render(context)

    if request is None or not content.usable(request):
        return [draw(post) for post in posts]
    code = _code(engine)
    keys = [_key(request, code, post, comment_counts, show_blog, heading_level) for post in posts]
    if not content.reachable():  # found out just now, reading the version
        return [draw(post) for post in posts]
    kept = content.recall_many(keys)
    cards = []
    for key, post in zip(keys, posts, strict=True):
        html = kept.get(key)
        if html is None:
            html = draw(post)
            content.remember(key, html)
        cards.append(html)
    return cards


def _key(request, code, post, comment_counts, show_blog, heading_level):
    blog = post.blog
    shown = (
        code,
        post.pk,
        post.title,
        post.summary,
        post.date,
        post.get_url(request),
        blog and (blog.title, blog.get_url(request)),
        [(p.name, p.slug, p.live) for p in (a.person for a in post.post_authors.all())],
        [(c.name, c.slug, c.live) for c in post.categories.all()],
        _image(post.listing_image),
        (comment_counts or {}).get(post.pk, 0),
        getattr(post, "roles", None),
        bool(show_blog),
        heading_level,
    )
    return content.lasting_key("card", *shown, request=request)


def _image(image):
    if image is None:
        return None
    return tuple(str(getattr(image, name)) for name in IMAGE_FIELDS) + (settings.MEDIA_URL,)


_codes = {}


def _code(engine):
    """A digest of the templates that draw a card: a release that changes them changes
    every card's key."""
    if engine not in _codes:
        sources = [engine.get_template(name).source for name in (CARD, BYLINE)]
        _codes[engine] = hashlib.sha256("\0".join(sources).encode()).hexdigest()
    return _codes[engine]
