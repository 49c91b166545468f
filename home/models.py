from django.conf import settings
from django.db import models
from django.http import Http404, HttpRequest
from django.utils.translation import get_language

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager, Site

from contentcache import content
from contentcache.pages import live_child
from home.addresses import public_url
from home.forms import BasePageForm
from home.visibility import VisiblePageQuerySet, restrictions_for
from security.permissions import BulletinPagePermissionTester

# Rich text features writers get: no raw HTML, no embeds inside paragraphs.
RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class BasePage(Page):
    """Fields and behaviour every public page shares: social image and meta description."""

    social_image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when the page is shared on social media.",
    )

    promote_panels = [*Page.promote_panels, FieldPanel("social_image")]
    base_form_class = BasePageForm

    objects = PageManager.from_queryset(VisiblePageQuerySet)()

    class Meta:
        abstract = True

    @property
    def meta_description(self):
        return self.search_description

    def permissions_for_user(self, user):
        # Stricter than Wagtail's: only owners or publishers delete drafts.
        return BulletinPagePermissionTester(user, self)

    @property
    def share_image(self):
        """The image shown when the page is shared (og:image), if any."""
        return self.social_image

    def get_url_parts(self, request=None):
        # A listing asks for the same addresses dozens of times (each byline's links go
        # through the blog's), and Wagtail works each out afresh, reversing its route.
        # Within a request the answer depends only on the page's url_path (the sites'
        # root paths are read once per request) and the language: kept on the request.
        if not isinstance(request, HttpRequest):
            return super().get_url_parts(request=request)
        memo = request.__dict__.setdefault("_bulletin_url_parts", {})
        key = (self.url_path, get_language())
        if key not in memo:
            memo[key] = super().get_url_parts(request=request)
        return memo[key]

    def get_full_url(self, request=None):
        """The page's address on the network's one public address (BASE_URL, see
        home.addresses), not on the Site's root URL or the request's host."""
        url_parts = self.get_url_parts(request=request)
        if url_parts is None or url_parts[2] is None:
            return None
        return public_url(url_parts[2])

    full_url = property(get_full_url)

    def route(self, request, path_components):
        self.check_reachable(path_components)
        return super().route(request, path_components)

    def check_reachable(self, path_components):
        """Nothing under a page that is not live is served: Wagtail checks only the page
        it serves, so the posts of an unpublished blog would still be. Each page on the
        way down checks itself (see home.visibility)."""
        if path_components and not self.live:
            raise Http404("No such page")

    def get_view_restrictions(self):
        # Wagtail checks these before serving; read from the per-request memo instead of
        # two queries per page. An alias takes its source's restrictions: Wagtail's lookup.
        if self.alias_of_id:
            return super().get_view_restrictions()
        return restrictions_for(self)


class HomePage(BasePage):
    """The network: its blogs and their latest posts."""

    introduction = models.TextField(blank=True, help_text="A sentence under the network name.")

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    subpage_types = ["posts.BlogPage", "home.StandardPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    @property
    def meta_description(self):
        return self.search_description or self.introduction

    def route(self, request, path_components):
        # Every address but the home page's own starts with one of its children (a blog
        # or a standard page): take the live ones from the content cache, as their specific
        # types, rather than two queries a request; without it, the one asked for with
        # what it brings, in one query. Anything else goes Wagtail's way.
        self.check_reachable(path_components)
        if path_components:
            if content.usable(request):
                child = self.live_children(request).get(path_components[0])
            else:
                child = live_child(self, path_components[0])
            if child is not None:
                return child.route(request, path_components[1:])
        return super().route(request, path_components)

    def live_children(self, request):
        """The live child pages, as their specific types, by slug: fetched with the page
        when it is the site's root (contentcache.pages), or from the content cache."""
        if "prefetched_live_children" in self.__dict__:
            return self.prefetched_live_children
        return content.cached(
            "home-children",
            self.pk,
            request=request,
            compute=lambda: {page.slug: page for page in self.get_children().live().specific()},
        )


class StandardPage(BasePage):
    """A plain page: about, accessibility statement, privacy, cookies, comments policy."""

    summary = models.TextField(blank=True, max_length=300)
    body = RichTextField(features=["h2", "h3", *RICH_TEXT_FEATURES])
    last_reviewed = models.DateField(null=True, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("last_reviewed"),
    ]
    subpage_types = ["home.StandardPage"]
    parent_page_types = ["home.HomePage", "posts.BlogPage", "home.StandardPage"]

    @property
    def meta_description(self):
        return self.search_description or self.summary


@register_setting(icon="site")
class NetworkSettings(BaseGenericSetting):
    """Network-wide settings: its name, the notice banner and the footer's policy pages."""

    network_name = models.CharField(max_length=100, default="GOV.UK blogs")
    banner_enabled = models.BooleanField(default=False, verbose_name="Show notice banner")
    banner_text = models.CharField(max_length=255, blank=True)
    banner_link = models.URLField(blank=True)
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cookies_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comments_policy_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # The footer's pages come with the settings, in the same query: what a link to each
    # needs (whether it is live, its address), not the forty columns of a page.
    select_related = ["accessibility_page", "privacy_page", "cookies_page", "comments_policy_page"]
    LINKED_PAGE_FIELDS = ("live", "url_path")

    panels = [
        FieldPanel("network_name"),
        MultiFieldPanel(
            [FieldPanel("banner_enabled"), FieldPanel("banner_text"), FieldPanel("banner_link")],
            heading="Notice banner",
        ),
        MultiFieldPanel(
            [
                FieldPanel("accessibility_page"),
                FieldPanel("privacy_page"),
                FieldPanel("cookies_page"),
                FieldPanel("comments_policy_page"),
            ],
            heading="Footer links",
        ),
    ]

    class Meta:
        verbose_name = "network settings"

    @classmethod
    def base_queryset(cls):
        own = [field.attname for field in cls._meta.concrete_fields]
        linked = [
            f"{page}__{field}" for page in cls.select_related for field in cls.LINKED_PAGE_FIELDS
        ]
        return super().base_queryset().only(*own, *linked)

    @classmethod
    def load(cls, request_or_site=None):
        # Read on every page (banner, footer): from the content cache when serving one.
        if request_or_site is not None and not isinstance(request_or_site, Site):
            attr = cls.get_cache_attr_name()
            if not hasattr(request_or_site, attr):
                setattr(
                    request_or_site,
                    attr,
                    content.cached(
                        "network-settings", request=request_or_site, compute=cls._get_or_create
                    ),
                )
        return super().load(request_or_site)
