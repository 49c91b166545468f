import functools
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import EmptyResultSet, ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connections, models
from django.db.models.functions import MD5, Cast, RowNumber
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils import timezone

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from contentcache import content
from home.models import BasePage, NetworkSettings
from home.visibility import VisiblePageQuerySet
from posts import structured_data
from posts.blocks import PostBodyBlock, PostLinksBlock
from posts.forms import PostPageForm
from posts.panels import BlogCategoriesPanel

from .archives import BlogRoutes
from .snippets import Category, Person

POSTS_PER_PAGE = 10
RELATED_POSTS = 3
# What a link to a post shows and needs for its address (PostPage.get_url_parts).
NEIGHBOUR_FIELDS = ("title", "slug", "url_path", "date", "first_published_at")
NEWEST_FIRST = ("-date", "-first_published_at", "-pk")


class PostPageQuerySet(VisiblePageQuerySet):
    def published(self):
        """Posts a reader may see (`for_readers`: live, not behind a view restriction, in
        a live blog), newest first."""
        return self.for_readers().order_by(*NEWEST_FIRST)

    def for_listing(self, with_body=False):
        """Everything a post card shows, in a fixed number of queries; the body (which
        cards do not show) only if asked for."""
        posts = self.select_related("listing_image").prefetch_related(
            models.Prefetch("post_authors", queryset=PostAuthor.objects.select_related("person")),
            "categories",
        )
        # With the body, the one the worker rendered (posts.rendering) in the same query.
        return posts.select_related("rendered") if with_body else posts.defer("body")

    def with_body_digests(self):
        """Each post with the digest of the HTML the worker rendered from its body
        (`kept_digest`) and its `kept_key`: with the body's own `body_digest`, enough to
        know that a part made from them is current without reading either (posts.feeds)."""
        return self.annotate(
            kept_key=models.F("rendered__key"), kept_digest=models.F("rendered__digest")
        )

    # Archive filters use subqueries rather than joins, so a post is never listed twice.

    def in_category(self, category):
        return self.filter(categories=category)

    def tagged(self, tag):
        return self.filter(pk__in=PostPageTag.objects.filter(tag=tag).values("content_object"))

    def involving(self, person, appearances=()):
        """Posts `person` wrote, or appeared in (`appearances`: post ids, from the
        reference index)."""
        wrote = PostAuthor.objects.filter(person=person).values("post")
        return self.filter(models.Q(pk__in=wrote) | models.Q(pk__in=list(appearances)))

    def sharing(self, categories, tags, leaving_out=()):
        """Posts with one of `categories` or `tags` (ids), but those in `leaving_out`."""
        shares = models.Q(
            pk__in=PostPage.categories.through.objects.filter(category__in=categories).values(
                "postpage"
            )
        ) | models.Q(pk__in=PostPageTag.objects.filter(tag__in=tags).values("content_object"))
        return self.filter(shares & ~models.Q(pk__in=leaving_out) if leaving_out else shares)

    def with_blogs(self, blogs=None):
        """These posts as a list, each with its blog attached for `PostPage.blog`: one
        query for all their blogs instead of one per post. Posts whose blog is gone are
        left out. A caller holding the blogs already (`blogs`, by path: the search has
        every live blog for its facets) saves the query; a post whose blog is not among
        them keeps None as its blog."""
        posts = list(self)
        if blogs is None:
            paths = {blog_path(post.path) for post in posts}
            blogs = {blog.path: blog for blog in BlogPage.objects.filter(path__in=paths)}
            posts = [post for post in posts if blog_path(post.path) in blogs]
        for post in posts:
            post.blog = blogs.get(blog_path(post.path))
        return posts


PostPageManager = PageManager.from_queryset(PostPageQuerySet)


class BlogPageQuerySet(VisiblePageQuerySet):
    def published(self):
        """Every blog a reader may see (`for_readers`), in the order editors keep them (the
        page tree's)."""
        return self.for_readers().order_by("path")


def blog_path(post_path):
    """The tree path of the blog of the post at `post_path`: its parent's, since posts
    live only directly under a blog. The one place that knows it; search facets count
    matches by it without loading the posts."""
    return post_path[: -Page.steplen]


def network_blogs():
    """Every live, public blog of the network, in the order editors keep them: a list
    kept in the content cache (the network home lists them, a search counts its matches
    by them)."""
    return content.cached("network-blogs", compute=lambda: list(BlogPage.objects.published()))


def union_all(parts, order_by=()):
    """(name, instance) of the rows of `parts` ({name: queryset}, all of one model with
    the same columns, each may be sliced), in one query: a UNION ALL of the parts, each a
    derived table, ordered by part then `order_by` (field names, "-" for descending).
    Django's union() refuses a sliced part on SQLite. Each part is compiled once: flagging
    rows by `pk = (subquery)` compiled each subquery twice, a sixth of a post page's CPU."""
    if not parts:
        return []
    model, db = next((qs.model, qs.db) for qs in parts.values())
    names, sql, params = [], [], []
    for name, queryset in parts.items():
        try:
            part_sql, part_params = queryset.query.get_compiler(db).as_sql()
        except EmptyResultSet:  # a part that can find nothing (e.g. no ids to match)
            continue
        number = len(names)  # the part's name in SQL: our own integer
        sql.append(f"SELECT *, {number} AS part FROM ({part_sql}) AS part{number}")  # noqa: S608
        params.extend(part_params)
        names.append(name)
    if not sql:
        return []
    quote = connections[db].ops.quote_name
    columns = [quote("part")]
    for field in order_by:
        name = field.lstrip("-")
        column = model._meta.pk.column if name == "pk" else model._meta.get_field(name).column
        columns.append(quote(column) + (" DESC" if field.startswith("-") else ""))
    union = f"{' UNION ALL '.join(sql)} ORDER BY {', '.join(columns)}"
    # nosemgrep: bulletin.raw-sql - Django's own SQL for each part; values stay parameters
    rows = model.objects.db_manager(db).raw(union, params)
    return [(names[row.part], row) for row in rows]


def paginate(request, items, per_page=POSTS_PER_PAGE, allow_empty=True, prepare=list):
    """One page of `items`, its posts passed through `prepare`; a malformed or
    past-the-end page number is a 404, and so is an empty list unless `allow_empty`.

    The page (count and posts, with what `for_listing` fetched) is kept in the content
    cache under the request's path: it changes only when posts are published. Only pages
    that exist are kept; the number in the key is the integer, however it was written."""
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError as error:
        raise Http404("No such page of results") from error

    def fetch():
        paginator = Paginator(items, per_page, allow_empty_first_page=allow_empty)
        try:
            page = paginator.page(number)
        except (PageNotAnInteger, EmptyPage) as error:
            raise Http404("No such page of results") from error
        return paginator.count, prepare(page.object_list)

    count, posts = content.cached("listing", request.path, number, request=request, compute=fetch)
    # A Paginator over a stand-in of the right length, for the pagination links.
    page = Paginator(range(count), per_page, allow_empty_first_page=allow_empty).page(number)
    page.object_list = posts
    return page


class BlogPage(BlogRoutes, BasePage):
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
        help_text="Shown beside the blog's name at the top of its pages, 80 pixels high; "
        "screen readers read the blog's name for it.",
    )
    alerts_prompt = models.CharField(
        max_length=255,
        blank=True,
        help_text="Shown under posts. Leave blank for the standard wording.",
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
    # Apps that keep settings per blog add their panels here, in their AppConfig.ready().
    settings_panels = [*Page.settings_panels]
    parent_page_types = ["home.HomePage", "wagtailcore.Page"]
    subpage_types = ["posts.PostPage", "home.StandardPage"]

    search_fields = [*Page.search_fields, index.SearchField("short_description")]

    objects = PageManager.from_queryset(BlogPageQuerySet)()

    # Fetched with the blog when it is routed to (contentcache.pages): every page of the
    # blog shows the logo in its masthead.
    SELECT_WITH_PAGE = ["logo"]

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
        self.check_reachable(path_components)
        if len(path_components) == 4 and all(c.isdigit() for c in path_components[:3]):
            slug = path_components[3]

            def find():
                # Unordered (a slug is unique among siblings): ordering made Django hash
                # each of the post's and its two images' columns, a quarter of the query.
                found = (
                    PostPage.objects.child_of(self)
                    .filter(slug=slug)
                    .select_related("listing_image", "social_image", "rendered", "kept_neighbours")
                    .order_by()[:1]
                )
                post = next(iter(found), None)
                if post is None:  # raised, so not cached: slugs are the reader's to type
                    raise Http404("No such post")
                return post

            # Keyed by the version the blog's kept neighbours are current for too: a post
            # cached before the worker kept them must not pair its older row with a blog
            # that says they are current (posts.neighbours).
            current = getattr(self, "sidebar_neighbours_version", None)
            post = content.cached("post", self.pk, slug, current, request=request, compute=find)
            post.blog = self  # the blog is known here: no need to look it up again
            return post.route(request, [])
        return super().route(request, path_components)

    def serve(self, request, *args, **kwargs):
        # Old WordPress search links (/technology/?s=term) go to the network's search,
        # narrowed to this blog; urlencode keeps whatever `s` holds inside the query string.
        if "s" in request.GET:
            term = request.GET["s"][: settings.SEARCH_QUERY_MAX_LENGTH]
            query = urlencode({"q": term, "blog": self.slug})
            return HttpResponsePermanentRedirect(f"{reverse('search')}?{query}")
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["blog"] = self
        return context

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        if base:
            urls += [{"location": base + path} for path in self.archive_sitemap_paths()]
        return urls

    def listing(self, request, archive, **context):
        """Render one page of an archive (see posts.models.archives) with the blog's template."""
        posts = paginate(request, archive.posts.for_listing(), allow_empty=archive.allow_empty)
        # On a person's page, cards say how they took part where they did not write.
        roles = archive.context.get("roles") or {}
        posts.object_list = list(posts.object_list)
        for post in posts.object_list:
            post.roles = roles.get(post.pk, [])
            post.blog = self  # for the cards' links, without a query per post
        if "archive_title" in archive.context:
            context.setdefault("meta_title", archive.context["archive_title"])
        if archive.path is not None:
            context["feed_url"] = f"{self.get_url(request)}{archive.path}feed/atom/"
            context["feed_title"] = self.feed_title(archive)
        return self.render(
            request,
            context_overrides={"posts": posts, "archive": archive, **archive.context, **context},
        )


class BlogFeaturedPost(Orderable):
    blog = ParentalKey(BlogPage, on_delete=models.CASCADE, related_name="featured_posts")
    post = models.ForeignKey("posts.PostPage", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("post")]


class BlogSidebar(models.Model):
    """A blog's sidebar links, kept up to date on every change by posts.sidebar, and the
    versions that say whether its posts' kept neighbours (posts.neighbours) are current."""

    blog = models.OneToOneField(
        BlogPage, on_delete=models.CASCADE, primary_key=True, related_name="sidebar_links"
    )
    categories = models.JSONField(default=list)  # [[name, slug]], by name
    months = models.JSONField(default=list)  # ["YYYY-MM-01"], newest first
    # Raised in the transaction of every change to the blog's posts; the worker sets
    # `neighbours_version` to the one it worked its posts' neighbours out from.
    posts_version = models.PositiveBigIntegerField(default=0)
    neighbours_version = models.PositiveBigIntegerField(null=True, blank=True)

    def __str__(self):
        return f"Sidebar links of blog {self.blog_id}"


class PostNeighbours(models.Model):
    """The related, previous and next posts shown under a live post, worked out by the
    worker for its whole blog (posts.neighbours), so that no reader queries for them.
    Shown only while the blog's versions match and `key` matches what the page asks for
    (the post's date, categories, tags and picked posts)."""

    post = models.OneToOneField(
        "posts.PostPage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="kept_neighbours",
    )
    key = models.CharField(max_length=64)
    # {"related": [link], "previous": link or null, "next": link or null}; a link is
    # [pk, title, slug, date] (its address is the blog's and its slug).
    links = models.JSONField(default=dict)

    def __str__(self):
        return f"Neighbours of post {self.post_id}"


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
    # A digest of the body as stored, made by the database on every write (whatever
    # writes it: a publish, an import, a bulk update), so that what is made from the body
    # can be known current without reading it (posts.feeds). Not in revisions: a
    # revision's would be the digest of another body.
    body_digest = models.GeneratedField(
        expression=MD5(Cast("body", models.TextField())),
        output_field=models.CharField(max_length=32),
        db_persist=True,
        serialize=False,
    )
    related_links = StreamField(
        PostLinksBlock(),
        blank=True,
        verbose_name="You may also be interested in",
        help_text="Links shown under the post, before the related posts found automatically: "
        "posts from any blog of the network, or pages on other websites.",
    )
    comments_open = models.BooleanField(default=True)

    objects = PostPageManager()

    class Meta:
        # Listings are newest first: with this index PostgreSQL reads the first page of a
        # listing from the index instead of sorting every post (0.2 ms against 11 ms for
        # 5,000 posts).
        indexes = [models.Index(fields=["-date"], name="posts_postpage_date_desc")]

    content_panels = [
        *Page.content_panels,
        FieldPanel(
            "summary",
            help_text="One or two plain sentences under the title saying what the post is "
            "about, under 160 characters. Also shown in lists of posts, search results and "
            "feeds, and when the post is shared.",
        ),
        # "Author 1", "Add author": the label names one row, the heading all of them.
        InlinePanel(
            "post_authors",
            heading="Authors",
            label="author",
            min_num=1,
            help_text="You are the first author of a new post. Add co-authors in the order "
            "the byline lists them.",
        ),
        BlogCategoriesPanel("categories"),
        FieldPanel(
            "tags",
            help_text="Start typing to choose from tags already used on this network, or "
            "type a new one. Press Enter or type a comma after each tag.",
        ),
        FieldPanel(
            "listing_image",
            help_text="Shown beside the post in lists of posts, and when the post is shared "
            "if it has no social image.",
        ),
        FieldPanel("body"),
        FieldPanel("related_links"),
    ]
    # What a post uses: its address and how search engines and social media show it (no
    # site menus: posts are listed by their blog). Help texts: posts.forms.PROMOTE_HELP.
    promote_panels = [
        MultiFieldPanel(
            [FieldPanel("slug"), FieldPanel("seo_title"), FieldPanel("search_description")],
            heading="Address and search engines",
        ),
        FieldPanel("social_image"),
    ]
    settings_panels = [
        *Page.settings_panels,
        FieldPanel(
            "date",
            help_text="Set when the post is first published; it is part of the post's "
            "address. Changing it later changes the address.",
        ),
        FieldPanel("comments_open", help_text="Readers can comment on this post."),
    ]
    base_form_class = PostPageForm
    parent_page_types = ["posts.BlogPage"]
    subpage_types = []

    # The title is boosted by Page; the summary, the standfirst, counts for more than the
    # body. The body's blocks index their text, speakers' names and roles included.
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=1.5),
        index.SearchField("body"),
        index.RelatedFields("categories", [index.SearchField("name")]),
        index.RelatedFields(
            "post_authors", [index.RelatedFields("person", [index.SearchField("name")])]
        ),
        index.RelatedFields("tags", [index.SearchField("name")]),
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
            # nosemgrep: bulletin.open-redirect - our own path; the query only follows "?"
            return HttpResponsePermanentRedirect(canonical + (f"?{query}" if query else ""))
        return super().serve(request, *args, **kwargs)

    @property
    def share_image(self):
        return self.social_image or self.listing_image

    @property
    def blog(self):
        """The blog the post belongs to (its parent). Routing, a blog's listings and
        `with_blogs()` attach it; otherwise it is fetched once and kept on the post."""
        if "_blog" not in self.__dict__:
            self._blog = BlogPage.objects.filter(path=blog_path(self.path)).first()
        return self._blog

    @blog.setter
    def blog(self, blog):
        self._blog = blog

    def neighbours(self, categories, tags):
        """The posts shown under this one, in one query: `related`, up to RELATED_POSTS
        posts of the same blog sharing a category or tag (ids), newest first, leaving out
        those the writer picked (shown above them; kept to the blog: its readers chose it,
        and its archives are where the shared categories and tags lead); and `previous`
        and `next`, the posts the blog published just before and after it."""
        found = {"related": [], "previous": None, "next": None}
        blog = self.blog
        if blog is None:
            return found
        # Each filter() costs a copy of the query: the parts share what they can.
        others = (
            PostPage.objects.child_of(blog)
            .for_readers()
            .exclude(pk=self.pk)
            .only(*NEIGHBOUR_FIELDS)  # what the links show: no bodies
        )
        parts = {}
        if categories or tags:
            related = others.sharing(categories, tags, leaving_out=self.picked_ids)
            parts["related"] = related.order_by(*NEWEST_FIRST)[:RELATED_POSTS]
        if self.date is not None:
            older = models.Q(date__lt=self.date) | models.Q(date=self.date, pk__lt=self.pk)
            newer = models.Q(date__gt=self.date) | models.Q(date=self.date, pk__gt=self.pk)
            parts["previous"] = others.filter(older).order_by("-date", "-pk")[:1]
            parts["next"] = others.filter(newer).order_by("date", "pk")[:1]
        for name, post in union_all(parts, order_by=NEWEST_FIRST):
            if name == "related":
                found["related"].append(post)
            else:
                found[name] = post
        return found

    @property
    def picked_ids(self):
        """Ids of the posts chosen in `related_links`, read from the stored JSON."""
        return [
            item["value"]["page"]
            for item in self.related_links.raw_data
            if item["type"] == "post" and item["value"].get("page")
        ]

    def picked_links(self, request=None):
        """The writer's related links that readers can follow, in order, as dicts of
        `url` and `text`: chosen posts that are published (one query for all of them,
        the post itself left out) and links to other websites."""
        ids = self.picked_ids
        posts = PostPage.objects.published().exclude(pk=self.pk).in_bulk(ids) if ids else {}
        links = []
        for item in self.related_links.raw_data:
            value = item["value"]
            if item["type"] == "post":
                post = posts.get(value.get("page"))
                if post is not None:
                    links.append(
                        {"url": post.get_url(request), "text": value.get("text") or post.title}
                    )
            elif value.get("url"):
                links.append({"url": value["url"], "text": value.get("text") or value["url"]})
        return links

    def byline_parts(self):
        """The post's authors (People, in the editor's order), categories (by name, as
        `categories.all()`) and tags (in the order they were added, as `tags.all()`).
        Saved, in one query (a UNION): the first render of a post after a change needs
        all three. They hold only what readers see of them (name, slug, live); any other
        field is fetched when read."""
        if self.pk is None or getattr(self, "_cluster_related_objects", None):
            # A preview: its authors, categories and tags are the draft's, held in memory.
            authors = [a.person for a in self.post_authors.select_related("person")]
            return authors, list(self.categories.all()), list(self.tags.all())
        db = self._state.db or "default"
        sql, params = _byline_statement(db)
        with connections[db].cursor() as cursor:
            cursor.execute(sql, [self.pk if p == _ANY_POST else p for p in params])
            rows = cursor.fetchall()
        found = ([], [], [])
        models_by_kind = (Person, Category, Tag)
        for kind, pk, name, slug, live, _position in sorted(rows, key=lambda r: (r[0], r[5])):
            row = {"id": pk, "name": name, "slug": slug, "live": bool(live)}  # SQLite: 0/1
            model = models_by_kind[kind]
            # from_db takes the values in the model's field order.
            names = [f.attname for f in model._meta.concrete_fields if f.attname in row]
            found[kind].append(model.from_db(db, names, [row[name] for name in names]))
        return found

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        blog = context["blog"] = self.blog
        # The post's own people, categories and tags change only when it is published.
        authors, context["post_categories"], context["post_tags"] = content.cached(
            "post-meta", self.pk, request=request, compute=self.byline_parts
        )
        context["authors"] = authors
        if blog is not None:
            context["feed_url"] = f"{blog.get_url(request)}feed/atom/"
            context["feed_title"] = blog.title
            publisher = (
                blog.organisations or NetworkSettings.load(request_or_site=request).network_name
            )
            context["structured_data"] = structured_data.blog_posting(
                request, self, blog, authors, publisher
            )
        return context


# Stands for the post in the byline's statement, compiled once; each post's id replaces it.
_ANY_POST = -1


@functools.cache
def _byline_statement(db):
    """The SQL and parameters of PostPage.byline_parts' UNION for database `db`, for the
    post _ANY_POST. Django took longer to build and compile it (about 1.5 ms) than
    PostgreSQL to run it, on every post page built without the content cache."""
    true = models.Value(True, output_field=models.BooleanField())
    parts = [  # (rows, live, position): the position orders rows of a kind
        (
            Person.objects.filter(authored__post=_ANY_POST),
            models.F("live"),
            models.Window(RowNumber(), order_by=models.F("authored__sort_order").asc()),
        ),
        (
            Category.objects.filter(posts=_ANY_POST),
            models.F("live"),
            models.Window(RowNumber(), order_by=models.F("name").asc()),
        ),
        (
            Tag.objects.filter(posts_postpagetag_items__content_object=_ANY_POST),
            true,
            models.F("posts_postpagetag_items__pk"),
        ),
    ]
    # The same names, all annotations, in every part: the UNION's columns line up.
    columns = ("kind", "row_pk", "row_name", "row_slug", "row_live", "position")
    rows, *others = (
        queryset.order_by()
        .annotate(
            kind=models.Value(kind),
            row_pk=models.F("pk"),
            row_name=models.F("name"),
            row_slug=models.F("slug"),
            row_live=live,
            position=position,
        )
        .values_list(*columns)
        for kind, (queryset, live, position) in enumerate(parts)
    )
    return rows.union(*others, all=True).query.get_compiler(using=db).as_sql()


class PostAuthor(Orderable):
    post = ParentalKey(PostPage, on_delete=models.CASCADE, related_name="post_authors")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="authored")

    panels = [FieldPanel("person")]

    class Meta(Orderable.Meta):
        unique_together = [("post", "person")]
