"""A blog's archives (category, author, tag, date) and their feeds, as routes of BlogPage."""

import datetime
import functools
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import BigIntegerField, CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language

from taggit.models import Tag
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.models import ReferenceIndex

from home.templatetags.govuk_dates import govuk_date, govuk_month
from posts import structured_data
from posts.feeds import PostFeed, serve_feed

from .snippets import Category, Person

SLUG = r"[-a-zA-Z0-9_]+"
# feed/ is RSS 2.0 and feed/atom/ Atom; feed/rss/ and feed/rss2/ (old WordPress
# addresses) move to feed/.
FEED = r"feed/(?:(?P<kind>atom|rss|rss2)/)?$"
FEED_PATHS = ("feed/", "feed/atom/")  # RSS and Atom

# Where a Person appears in a post body, by the reference index's model path.
APPEARANCE_ROLES = {
    "body.speaker.speaker.person": "Speaker",
    "body.panel.chair.person": "Panel chair",
    "body.panel.panellists.item.person": "Panellist",
}


def appearance_references(posts_model):
    """Reference index rows recording a Person as a speaker, chair or panellist in a post.

    Wagtail's ReferenceIndex records every snippet chosen in a StreamField, re-read from the
    saved (live) row whenever a page is saved, and is indexed by the referenced object. So
    the talks and panels of a person are one indexed query, without scanning bodies and
    without a denormalised table of our own to keep in step with publishing, unpublishing
    and deletion (`manage.py rebuild_references_index` repairs it if ever needed). Drafts
    never leak: saving a draft revision leaves the page row, and so the index, as published.
    """
    return ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(Person),
        content_type=ContentType.objects.get_for_model(posts_model),
        model_path__in=APPEARANCE_ROLES,
    )


def appearances(person, posts_model):
    """{post id: [roles]} for the posts in whose body `person` spoke or sat on a panel."""
    found = {}
    references = appearance_references(posts_model).filter(to_object_id=str(person.pk))
    for object_id, model_path in references.values_list("object_id", "model_path"):
        found.setdefault(int(object_id), set()).add(APPEARANCE_ROLES[model_path])
    order = list(APPEARANCE_ROLES.values())
    return {post_id: sorted(roles, key=order.index) for post_id, roles in found.items()}


@dataclass
class Archive:
    """What one archive lists: its heading, posts, extra template context and the path of
    its feed relative to the blog (None: no feed)."""

    title: str
    posts: QuerySet
    context: dict = field(default_factory=dict)
    path: str | None = None
    allow_empty: bool = False


@functools.lru_cache(maxsize=4096)
def _reversed(page_class, language, name, args, kwargs):
    # What RoutablePageMixin.reverse_subpage does.
    return page_class.get_resolver().reverse(name, *args, **dict(kwargs))


class BlogRoutes(RoutablePageMixin):
    """Routes of a blog: its latest posts, archives and feeds. Expects `posts()`,
    `listing()` and `title` from the page."""

    def reverse_subpage(self, name, args=None, kwargs=None):
        # A listing reverses the same few routes a hundred times (each card's authors and
        # categories, the sidebar's months and categories), at 15 µs each. The answer
        # depends only on the class's routes, the arguments and the language (a route
        # may be translated), so it is kept per process.
        key = (tuple(args or ()), frozenset((kwargs or {}).items()))
        try:
            return _reversed(type(self), get_language(), name, *key)
        except TypeError:  # an argument that cannot be a key: worked out each time
            return super().reverse_subpage(name, args, kwargs)

    def blog_archive(self):
        return Archive(self.title, self.posts(), path="", allow_empty=True)

    def category_archive(self, slug):
        # Published categories only, and not another blog's own.
        category = get_object_or_404(Category.objects.live().for_blog(self), slug=slug)
        return Archive(
            category.name,
            self.posts().in_category(category),
            {
                "category": category,
                "archive_title": f"Category: {category.name}",
                "meta_description": category.description
                or f"Posts about {category.name} on the {self.title} blog.",
            },
            path=f"category/{slug}/",
        )

    def author_archive(self, slug):
        person = get_object_or_404(Person.objects.live().select_related("photo"), slug=slug)
        roles = appearances(person, self.posts().model)
        return Archive(
            person.name,
            self.posts().involving(person, roles),
            {
                "person": person,
                "archive_title": person.name,
                "roles": roles,
                "meta_description": person.bio
                or f"Posts by and talks with {person.name} on the {self.title} blog.",
            },
            path=f"author/{slug}/",
        )

    def tag_archive(self, slug):
        tag = get_object_or_404(Tag, slug=slug)
        return Archive(
            tag.name,
            self.posts().tagged(tag),
            {
                "tag": tag,
                "archive_title": f"Tag: {tag.name}",
                "meta_description": f"Posts tagged {tag.name} on the {self.title} blog.",
            },
            path=f"tag/{slug}/",
        )

    def feed_title(self, archive):
        return self.title if archive.path == "" else f"{archive.title} - {self.title}"

    def archive_feed(self, request, archive, kind):
        if kind in ("rss", "rss2"):
            return HttpResponsePermanentRedirect(request.path.removesuffix(f"{kind}/"))
        link = self.get_full_url(request) + archive.path
        feed = PostFeed(
            self, archive.posts, self.feed_title(archive), link, kind or "rss", archive.allow_empty
        )
        return serve_feed(request, feed)

    @path("")
    def latest(self, request):
        return self.listing(request, self.blog_archive())

    @re_path(rf"^{FEED}", name="feed")
    def feed(self, request, kind=None):
        return self.archive_feed(request, self.blog_archive(), kind)

    @path("category/<slug:slug>/")
    def category(self, request, slug):
        return self.listing(request, self.category_archive(slug))

    @re_path(rf"^category/(?P<slug>{SLUG})/{FEED}", name="category_feed")
    def category_feed(self, request, slug, kind=None):
        return self.archive_feed(request, self.category_archive(slug), kind)

    @path("author/<slug:slug>/")
    def author(self, request, slug):
        archive = self.author_archive(slug)
        person = archive.context["person"]
        url = self.get_full_url(request) + archive.path
        return self.listing(
            request,
            archive,
            share_image=person.photo,
            structured_data=structured_data.person_page(request, person, url),
        )

    @re_path(rf"^author/(?P<slug>{SLUG})/{FEED}", name="author_feed")
    def author_feed(self, request, slug, kind=None):
        return self.archive_feed(request, self.author_archive(slug), kind)

    @path("tag/<slug:slug>/")
    def tag(self, request, slug):
        return self.listing(request, self.tag_archive(slug))

    @re_path(rf"^tag/(?P<slug>{SLUG})/{FEED}", name="tag_feed")
    def tag_feed(self, request, slug, kind=None):
        return self.archive_feed(request, self.tag_archive(slug), kind)

    @re_path(r"^(?P<year>\d{4})/(?:(?P<month>\d{2})/(?:(?P<day>\d{2})/)?)?$")
    def date_archive(self, request, year, month=None, day=None):
        try:
            start = datetime.date(int(year), int(month or 1), int(day or 1))
        except ValueError as error:
            raise Http404("No such date") from error
        posts = self.posts().filter(date__year=start.year)
        title = start.strftime("%Y")
        if month:
            posts = posts.filter(date__month=start.month)
            title = govuk_month(start)
        if day:
            posts = posts.filter(date__day=start.day)
            title = govuk_date(start)
        title = f"Posts from {title}"
        context = {
            "archive_title": title,
            "meta_description": f"{title} on the {self.title} blog.",
        }
        return self.listing(request, Archive(title, posts, context))

    def get_cached_paths(self):
        # What a frontend cache keeps of the blog itself (wagtail.contrib.frontend_cache
        # purges these with the page); its archives are listed by archive_paths_of.
        return ["/", *FEED_PATHS]

    def archive_paths_of(self, post):
        """The blog's archives (and their feeds) that list `post`, relative to the blog:
        what a frontend cache must forget when the post changes."""
        archives = [f"category/{slug}/" for slug in post.categories.values_list("slug", flat=True)]
        people = {author.person.slug for author in post.post_authors.select_related("person")}
        speakers = appearance_references(type(post)).filter(object_id=str(post.pk))
        people.update(
            Person.objects.filter(
                pk__in=[int(pk) for pk in speakers.values_list("to_object_id", flat=True)]
            ).values_list("slug", flat=True)
        )
        archives += [f"author/{slug}/" for slug in sorted(people)]
        archives += [f"tag/{slug}/" for slug in post.tags.values_list("slug", flat=True)]
        paths = [path + feed for path in archives for feed in ("", *FEED_PATHS)]
        if post.date:
            paths += [f"{post.date:%Y}/", f"{post.date:%Y/%m}/", f"{post.date:%Y/%m/%d}/"]
        return paths

    def archive_sitemap_paths(self):
        """The first page of each category, author (or speaker) and tag archive."""
        posts = self.posts()
        appeared = appearance_references(posts.model).filter(
            object_id__in=posts.annotate(key=Cast("pk", CharField())).values("key")
        )
        speakers = appeared.annotate(person=Cast("to_object_id", BigIntegerField()))
        people = Person.objects.live().filter(
            Q(authored__post__in=posts) | Q(pk__in=speakers.values("person"))
        )
        categories = Category.objects.live().for_blog(self).filter(posts__in=posts)
        tags = Tag.objects.filter(posts_postpagetag_items__content_object__in=posts)
        return [
            f"{prefix}/{slug}/"
            for prefix, found in (("category", categories), ("author", people), ("tag", tags))
            for slug in found.order_by("slug").values_list("slug", flat=True).distinct()
        ]
