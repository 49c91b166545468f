"""Atom and RSS 2.0 feeds of posts (a blog's, or every blog's), with full content and
absolute URLs."""

import datetime
import re
from urllib.parse import urljoin, urlsplit

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape, format_html

from contentcache import content
from home.addresses import public_url

FEED_LENGTH = 20


# The attributes holding addresses, by element. The HTML is our own templates' and
# Wagtail's rich text: every attribute value in double quotes, "<" and ">" escaped inside
# values and text, so an opening tag runs to the first ">".
LINK_ATTRIBUTES = {"a": ("href",), "img": ("src", "srcset"), "source": ("srcset",)}
OPENING_TAG = re.compile(r"<(a|img|source)(\s[^>]*)>", re.IGNORECASE)
ATTRIBUTE = re.compile(r'(\s)(href|src|srcset)(\s*=\s*)"([^"]*)"', re.IGNORECASE)


def absolutise(html, base_url):
    """Make every link and image in `html` absolute, as feed readers need. Rewrites the
    attributes in place (a parser rebuilding the whole document took half a feed's time)."""
    parts = urlsplit(base_url)
    origin = f"{parts.scheme}://{parts.netloc}"

    def join(value):
        # Most addresses in our HTML start with one "/" (our pages, media) or are already
        # absolute: those need no urljoin (a tenth of a feed's time), but for dot segments.
        if value.startswith("/") and not value.startswith("//") and "/." not in value:
            return origin + value
        if value.startswith(("https://", "http://")):
            return value
        return urljoin(base_url, value)

    def attribute(tag, match):
        space, name, equals, value = match.groups()
        if not value or name.lower() not in LINK_ATTRIBUTES[tag]:
            return match.group(0)
        if name.lower() == "srcset":
            value = ", ".join(
                " ".join([join(part.split()[0]), *part.split()[1:]])
                for part in value.split(",")
                if part.strip()
            )
        else:
            value = join(value)
        return f'{space}{name}{equals}"{value}"'

    def tag(match):
        name = match.group(1).lower()
        attributes = ATTRIBUTE.sub(lambda m: attribute(name, m), match.group(2))
        return f"<{match.group(1)}{attributes}>"

    return OPENING_TAG.sub(tag, html)


class AtomWithContent(Atom1Feed):
    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item["extra_authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")
        handler.addQuickElement("content", item["content_html"], {"type": "html"})


class RssWithContent(Rss201rev2Feed):
    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
            "xmlns:dc": "http://purl.org/dc/elements/1.1/",
        }

    def add_item_elements(self, handler, item):
        # The first author is already a dc:creator (Django's, for an author without e-mail).
        super().add_item_elements(handler, item)
        for name in item["extra_authors"]:
            handler.addQuickElement("dc:creator", name)
        handler.addQuickElement("content:encoded", item["content_html"])


class PostFeed(Feed):
    """A feed of `posts` (a PostPage queryset) of `blog`, titled for what it lists; with
    no blog, of the posts of every blog (the network's feed), described by `subtitle`.

    Without posts it is a 404 unless `allow_empty` (a new blog's own feed)."""

    def __init__(self, blog, posts, title, link, feed_type, allow_empty=False, subtitle=""):
        super().__init__()
        self.blog, self.posts, self.title, self.link = blog, posts, title, link
        self.feed_type = AtomWithContent if feed_type == "atom" else RssWithContent
        self.allow_empty = allow_empty
        self._subtitle = subtitle

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def description(self):
        # RSS readers take the channel's description as HTML; Atom's subtitle is text.
        return escape(self.subtitle())

    def subtitle(self):
        return self._subtitle or (self.blog and self.blog.short_description) or self.title

    def feed_url(self):
        return public_url(self.request.path)

    def items(self):
        posts = self.posts.for_listing(with_body=True)[:FEED_LENGTH]
        if self.blog is None:
            posts = posts.with_blogs()  # each post's blog, for its body's blocks
        else:
            posts = list(posts)
            for post in posts:
                post.blog = self.blog
        if not posts:
            if self.allow_empty:
                return posts
            raise Http404("Nothing to list in this feed")
        # The bodies the worker rendered (posts.rendering); the others converted at once,
        # so that the people, images and pages their blocks choose are fetched in one
        # query per block type for the whole feed, not per post.
        from posts import rendering  # imports the models, which import this module

        for post in posts:
            post.kept_body = rendering.kept_html(post, post.blog, self.request)
        unrendered = [post for post in posts if post.kept_body is None]
        if unrendered:
            stream_block = unrendered[0].body.stream_block
            raw = [list(post.body.raw_data) for post in unrendered]
            for post, body in zip(unrendered, stream_block.bulk_to_python(raw), strict=True):
                post.body = body
        return posts

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_description(self, item):
        # Atom's <summary type="html"> and RSS's <description> are read as HTML: the plain
        # text summary is escaped so that it shows as written.
        return escape(item.summary)

    def item_pubdate(self, item):
        published = item.first_published_at
        if published and item.date == timezone.localdate(published):
            return published
        # Imported or back-dated posts: the start of their publication day in London.
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time()))

    def item_updateddate(self, item):
        return max(item.last_published_at or self.item_pubdate(item), self.item_pubdate(item))

    def item_author_name(self, item):
        names = self._author_names(item)
        return names[0] if names else None

    def item_categories(self, item):
        return [category.name for category in item.categories.all() if category.live]

    def item_extra_kwargs(self, item):
        names = self._author_names(item)
        body = item.kept_body or item.body.render_as_block(
            context={"page": item, "blog": item.blog, "request": self.request}
        )
        return {
            "author_names": names,
            "extra_authors": names[1:],
            "content_html": absolutise(
                format_html("<p>{}</p>{}", item.summary, body), self.item_link(item)
            ),
        }

    @staticmethod
    def _author_names(item):
        return [author.person.name for author in item.post_authors.all()]


def serve_feed(request, feed):
    """The response of `feed`, kept whole in the content cache (the same for every reader)
    until the content changes."""

    def build():
        response = feed(request)
        return response.content, response["Content-Type"], response.get("Last-Modified")

    body, content_type, last_modified = content.cached(
        "feed", request.path, request=request, compute=build
    )
    response = HttpResponse(body, content_type=content_type)
    if last_modified:
        response["Last-Modified"] = last_modified
    return response
