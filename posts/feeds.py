"""Atom and RSS 2.0 feeds of posts (a blog's, or every blog's), with full content and
absolute URLs.

Each entry's XML is kept in the content cache under what it shows (as post cards are:
posts.cards), outside the content version: a publish builds again the feeds it changed,
but their entries only for the posts it changed. The key is a digest of the entry's
fields (title, address, dates, authors, categories, summary) and of its body: the body
as stored and the HTML the worker rendered from it (posts.rendering), both digested by
the database as they are written (generated columns: PostPage.body_digest,
RenderedBody.digest), so that a kept entry costs neither reading nor checking its body. Only
entries whose body is the worker's current rendering are kept: one rendered on the spot
shows people and pages as they were when it was rendered, which no digest of the row
follows.
"""

import datetime
import functools
import hashlib
import io
import re
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape, format_html
from django.utils.xmlutils import SimplerXMLGenerator

from contentcache import content
from home.addresses import public_url

FEED_LENGTH = 20
# What an entry's key leaves out: the post itself and what is made from it.
NOT_SHOWN = frozenset({"post", "content_html", "xml"})


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


class KeptEntries:
    """A feed generator writing each item as its XML (`item["xml"]`, kept or made by
    `entry_xml`), the same bytes as it would write the item itself."""

    entry = None  # the item's element

    def entry_xml(self, item):
        out = io.StringIO()
        handler = SimplerXMLGenerator(out, "utf-8", short_empty_elements=True)
        handler.startElement(self.entry, self.item_attributes(item))
        self.add_item_elements(handler, item)
        handler.endElement(self.entry)
        return out.getvalue()

    def write_items(self, handler):
        for item in self.items:
            # Written as it is: XML made by entry_xml, whose text is escaped there.
            handler.ignorableWhitespace(item.get("xml") or self.entry_xml(item))


class AtomWithContent(KeptEntries, Atom1Feed):
    entry = "entry"

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item["extra_authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")
        handler.addQuickElement("content", item["content_html"], {"type": "html"})


class RssWithContent(KeptEntries, Rss201rev2Feed):
    entry = "item"

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

    keeping = False  # whether entries are kept (items)

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
        # Where entries may be kept, their bodies are read only for those not kept.
        self.keeping = content.usable(self.request)
        # Not the related links a post page shows under the body: a feed does not.
        posts = self.posts.for_listing(with_body=not self.keeping).defer("related_links")
        if self.keeping:
            posts = posts.with_body_digests()
        posts = posts[:FEED_LENGTH]
        if self.blog is None:
            posts = posts.with_blogs()  # each post's blog, for its body's blocks
        else:
            posts = list(posts)
            for post in posts:
                post.blog = self.blog
        if not posts and not self.allow_empty:
            raise Http404("Nothing to list in this feed")
        return posts

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        self.write_entries(feed, request)
        return feed

    def write_entries(self, feed, request):
        """Each item's XML (`item["xml"]`): kept, or made and kept if its body is the
        worker's current rendering."""
        keys = {}
        if self.keeping and content.usable(request):  # the posts have their digests
            keys = {id(item): self.entry_key(feed, item, request) for item in feed.items}
        kept = content.recall_many(list(keys.values())) if content.reachable() else {}
        made = [item for item in feed.items if kept.get(keys.get(id(item))) is None]
        gone = read_bodies([item["post"] for item in made])
        if gone:  # deleted since the feed's query
            feed.items = [item for item in feed.items if item["post"].pk not in gone]
            made = [item for item in made if item["post"].pk not in gone]
        posts = [item["post"] for item in made]
        bodies = self.bodies_html(posts)
        for item in feed.items:
            item["xml"] = kept.get(keys.get(id(item)))
            if item["xml"] is None:
                post = item["post"]
                item["content_html"] = absolutise(
                    format_html("<p>{}</p>{}", post.summary, bodies[post.pk]), item["link"]
                )
                item["xml"] = feed.entry_xml(item)
                if keys and post.kept_body is not None:
                    # Under the digests of the body just read, which the entry shows.
                    content.remember(self.entry_key(feed, item, request), item["xml"])

    def bodies_html(self, posts):
        """{post id: body HTML} of `posts`: the worker's, or rendered now. Those rendered
        now are converted at once, so that the people, images and pages their blocks
        choose are fetched in one query per block type for the whole feed, not per post."""
        from posts import rendering  # imports the models, which import this module

        for post in posts:
            post.kept_body = rendering.kept_html(post, post.blog, self.request)
        unrendered = [post for post in posts if post.kept_body is None]
        if unrendered:
            stream_block = unrendered[0].body.stream_block
            raw = [list(post.body.raw_data) for post in unrendered]
            for post, body in zip(unrendered, stream_block.bulk_to_python(raw), strict=True):
                post.body = body
        context = {"request": self.request}
        return {
            post.pk: post.kept_body
            or post.body.render_as_block(context={**context, "page": post, "blog": post.blog})
            for post in posts
        }

    @staticmethod
    def entry_key(feed, item, request):
        from posts import rendering

        post, blog = item["post"], item["post"].blog
        shown = sorted((name, value) for name, value in item.items() if name not in NOT_SHOWN)
        return content.lasting_key(
            "feed-entry",
            _code(),
            rendering.epoch(),
            type(feed).__name__,
            shown,
            post.pk,
            post.body_digest,
            post.kept_key,
            post.kept_digest,
            blog and (blog.pk, blog.url_path, blog.live, blog.alerts_text),
            request=request,
        )

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
        # The entry's content is made only if it is not kept (write_entries).
        names = self._author_names(item)
        return {"author_names": names, "extra_authors": names[1:], "post": item}

    @staticmethod
    def _author_names(item):
        return [author.person.name for author in item.post_authors.all()]


def read_bodies(posts):
    """Read the bodies of those of `posts` fetched without them, with what the worker
    rendered from them and their digests, in one query; the ids of those gone since."""
    from posts.models import PostPage, RenderedBody

    posts = [post for post in posts if "body" in post.get_deferred_fields()]
    if not posts:
        return set()
    fresh = (
        PostPage.objects.filter(pk__in=[post.pk for post in posts])
        .select_related("rendered")
        .only("body", "body_digest", "rendered__key", "rendered__html", "rendered__digest")
        .with_body_digests()
    )
    fresh = {row.pk: row for row in fresh}
    for post in posts:
        row = fresh.get(post.pk)
        if row is None:
            continue
        post.body = row.body
        post.body_digest, post.kept_key, post.kept_digest = (
            row.body_digest,
            row.kept_key,
            row.kept_digest,
        )
        try:
            rendered = row.rendered
        except RenderedBody.DoesNotExist:
            rendered = None
        PostPage.rendered.related.set_cached_value(post, rendered)
    return {post.pk for post in posts} - fresh.keys()


@functools.cache
def _code():
    """A digest of the code that writes an entry: a release that changes it changes every
    entry's key."""
    source = Path(__file__).read_bytes() + version("django").encode()
    return hashlib.sha256(source).hexdigest()


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
