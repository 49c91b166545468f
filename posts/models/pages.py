import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from home.models import BasePage
from posts.blocks import PostBodyBlock

from .snippets import Category, Person

POSTS_PER_PAGE = 10


class PostPageQuerySet(PageQuerySet):
    def published(self):
        """Posts a reader may see: live, not behind a view restriction, newest first."""
        return self.live().public().order_by("-date", "-first_published_at", "-pk")

    def for_listing(self):
        """Everything a post card shows, in a fixed number of queries."""
        return self.select_related("listing_image").prefetch_related(
            models.Prefetch("post_authors", queryset=PostAuthor.objects.select_related("person")),
            "categories",
        )


PostPageManager = PageManager.from_queryset(PostPageQuerySet)


def paginate(request, items, per_page=POSTS_PER_PAGE):
    """One page of `items`; a missing, malformed or past-the-end page number is a 404."""
    paginator = Paginator(items, per_page)
    number = request.GET.get("page", "1")
    try:
        return paginator.page(number)
    except (PageNotAnInteger, EmptyPage) as error:
        raise Http404("No such page of results") from error


class BlogPage(RoutablePageMixin, BasePage):
    """One blog of the network: its posts, categories and alerts sign-up."""

    short_description = models.TextField(blank=True, max_length=500)
    organisations = models.CharField(
        max_length=255, blank=True, help_text="For example: Government Digital Service."
    )
    location = models.CharField(max_length=255, blank=True, help_text="For example: London.")
    logo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    alerts_prompt = models.CharField(
        max_length=255,
        blank=True,
        help_text="Shown under posts. Leave blank for the standard wording.",
    )
    comments_open = models.BooleanField(
        default=True, help_text="New posts on this blog accept comments unless switched off."
    )
    comments_close_after_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        default=90,
        help_text="Close comments this many days after publication. Blank: never close.",
    )
    two_person_review = models.BooleanField(
        default=False, help_text="Comments need two moderators' approval before they show."
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("short_description"),
        MultiFieldPanel(
            [FieldPanel("organisations"), FieldPanel("location"), FieldPanel("logo")],
            heading="Who runs this blog",
        ),
        InlinePanel("featured_posts", label="Featured posts", max_num=3),
        FieldPanel("alerts_prompt"),
    ]
    settings_panels = [
        *Page.settings_panels,
        MultiFieldPanel(
            [
                FieldPanel("comments_open"),
                FieldPanel("comments_close_after_days"),
                FieldPanel("two_person_review"),
            ],
            heading="Comments",
        ),
    ]
    parent_page_types = ["home.HomePage", "wagtailcore.Page"]
    subpage_types = ["posts.PostPage", "home.StandardPage"]

    search_fields = [*Page.search_fields, index.SearchField("short_description")]

    @property
    def meta_description(self):
        return self.search_description or self.short_description

    @property
    def alerts_text(self):
        return self.alerts_prompt or (
            f"Stay up to date with all the latest posts by signing up to alerts "
            f"from {self.title} blog."
        )

    def posts(self):
        return PostPage.objects.child_of(self).published()

    def route(self, request, path_components):
        # Posts live at YYYY/MM/DD/slug/ under the blog; route to the post page itself so
        # that Wagtail's serve hooks (view restrictions, caching) apply to the post.
        if len(path_components) == 4 and all(c.isdigit() for c in path_components[:3]):
            post = PostPage.objects.child_of(self).filter(slug=path_components[3]).first()
            if post is None:
                raise Http404("No such post")
            return post.specific.route(request, [])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["blog"] = self
        return context

    def listing(self, request, posts, **context):
        """Render a paginated list of posts with this blog's template."""
        return self.render(
            request,
            context_overrides={"posts": paginate(request, posts.for_listing()), **context},
        )

    @path("")
    def latest(self, request):
        return self.listing(request, self.posts())

    @path("category/<slug:slug>/")
    def category(self, request, slug):
        category = get_object_or_404(Category, slug=slug)
        posts = self.posts().filter(categories=category)
        if not posts.exists():
            raise Http404("No posts in this category")
        return self.listing(request, posts, archive_title=category.name, category=category)

    @path("author/<slug:slug>/")
    def author(self, request, slug):
        person = get_object_or_404(Person, slug=slug)
        posts = self.posts().filter(post_authors__person=person).distinct()
        if not posts.exists():
            raise Http404("No posts by this author")
        return self.listing(request, posts, archive_title=person.name, person=person)

    @path("tag/<slug:slug>/")
    def tag(self, request, slug):
        tag = get_object_or_404(Tag, slug=slug)
        posts = self.posts().filter(tags=tag).distinct()
        if not posts.exists():
            raise Http404("No posts with this tag")
        return self.listing(request, posts, archive_title=f"Tag: {tag.name}", tag=tag)

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
            title = start.strftime("%B %Y")
        if day:
            posts = posts.filter(date__day=start.day)
            title = f"{start.day} {start:%B %Y}"
        if not posts.exists():
            raise Http404("No posts on this date")
        return self.listing(request, posts, archive_title=f"Posts from {title}")


class BlogFeaturedPost(Orderable):
    blog = ParentalKey(BlogPage, on_delete=models.CASCADE, related_name="featured_posts")
    post = models.ForeignKey("posts.PostPage", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("post")]


class PostPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "posts.PostPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class PostPage(BasePage):
    """A blog post. It lives at <blog>/YYYY/MM/DD/<slug>/, the date of first publication."""

    summary = models.TextField(
        max_length=300,
        help_text="The standfirst: one or two plain sentences. Also used in search results, "
        "feeds and social media. Keep it under 160 characters.",
    )
    date = models.DateField(
        "publication date",
        null=True,
        blank=True,
        help_text="Set on first publication and part of the post's address. "
        "Changing it later changes the address.",
    )
    categories = ParentalManyToManyField(Category, blank=True, related_name="posts")
    tags = ClusterTaggableManager(through=PostPageTag, blank=True)
    listing_image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown in lists of posts and when shared.",
    )
    body = StreamField(PostBodyBlock())
    comments_open = models.BooleanField(default=True)

    objects = PostPageManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        InlinePanel("post_authors", label="Authors", min_num=1),
        FieldPanel("categories"),
        FieldPanel("tags"),
        FieldPanel("listing_image"),
        FieldPanel("body"),
    ]
    settings_panels = [*Page.settings_panels, FieldPanel("date"), FieldPanel("comments_open")]
    parent_page_types = ["posts.BlogPage"]
    subpage_types = []

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("categories", [index.SearchField("name")]),
        index.RelatedFields(
            "post_authors", [index.RelatedFields("person", [index.SearchField("name")])]
        ),
        index.FilterField("date"),
    ]

    @property
    def meta_description(self):
        return self.search_description or self.summary

    def clean(self):
        super().clean()
        if self.summary and "\n" in self.summary.strip():
            raise ValidationError({"summary": "The summary is one paragraph of plain text."})

    def save(self, *args, **kwargs):
        # The date is fixed at first publication and kept on later edits, so the
        # address of a published post never moves by itself.
        if self.live and self.date is None:
            self.date = timezone.localdate(self.first_published_at or timezone.now())
        super().save(*args, **kwargs)

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request=request)
        if parts is None or self.date is None:
            return parts
        site_id, root_url, page_path = parts
        blog_path = page_path[: -len(self.slug) - 1]
        return site_id, root_url, f"{blog_path}{self.date:%Y/%m/%d}/{self.slug}/"

    def serve(self, request, *args, **kwargs):
        # A post asked for under another date (or without one) moves to its canonical URL.
        canonical = self.get_url(request=request)
        if canonical and not canonical.startswith("http") and canonical != request.path:
            query = request.META.get("QUERY_STRING")
            return HttpResponsePermanentRedirect(canonical + (f"?{query}" if query else ""))
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["blog"] = BlogPage.objects.ancestor_of(self).select_related("logo").first()
        context["authors"] = [
            a.person for a in self.post_authors.select_related("person", "person__photo")
        ]
        context["post_categories"] = list(self.categories.all())
        context["post_tags"] = list(self.tags.all())
        return context


class PostAuthor(Orderable):
    post = ParentalKey(PostPage, on_delete=models.CASCADE, related_name="post_authors")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="authored")

    panels = [FieldPanel("person")]

    class Meta(Orderable.Meta):
        unique_together = [("post", "person")]
