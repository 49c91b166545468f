"""Posts in the admin: a "New post" button where writers start (a blog's page listing and
the dashboard), and "Posts", the posts a user may see with their authors, status, date and
categories, filterable. Both ask Wagtail's page permissions, on the server."""

from django_filters import ChoiceFilter, DateFromToRangeFilter, ModelChoiceFilter

from django.contrib.contenttypes.models import ContentType
from django.db.models import IntegerField, Prefetch
from django.db.models.functions import Cast
from django.forms import RadioSelect
from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.utils.functional import cached_property

from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, RelatedObjectsColumn
from wagtail.admin.ui.tables.pages import (
    BulkActionsColumn,
    PageStatusColumn,
    PageTitleColumn,
    ParentPageColumn,
)
from wagtail.admin.views.pages.listing import ExplorableIndexView, IndexView
from wagtail.admin.viewsets.pages import PageListingViewSet, PageViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.models import Page, WorkflowState
from wagtail.permissions import page_permission_policy

from posts.models import BlogPage, Category, Person, PostAuthor, PostPage

NEW_POST = "New post"


def new_post_url(blog, permissions):
    """The add form of a post under `blog`, if the user (`permissions`, the blog's
    PagePermissionTester for them) may add one there; otherwise None."""
    allowed = isinstance(blog, BlogPage) and PostPage.can_create_at(blog)
    if allowed and permissions.can_add_subpage():
        return reverse("wagtailadmin_pages:add", args=["posts", "postpage", blog.pk])
    return None


def blogs_to_write_for(user):
    """(blog, add URL) for each blog `user` may add posts to, by title."""
    blogs = BlogPage.objects.order_by("title", "pk")
    if not user.is_superuser:
        addable = page_permission_policy.instances_user_has_permission_for(user, "add")
        blogs = blogs.filter(pk__in=addable.values("pk"))
    found = ((blog, new_post_url(blog, blog.permissions_for_user(user))) for blog in blogs)
    return [(blog, url) for blog, url in found if url]


class NewPostPanel(Component):
    """The dashboard's "New post" button for each blog the user writes for."""

    name = "new_post"
    order = 60  # after the offer of two-factor sign-in, before Wagtail's own panels
    template_name = "posts/admin/new_post_panel.html"

    def __init__(self, blogs):
        self.blogs = blogs

    def get_context_data(self, parent_context=None):
        return {"blogs": self.blogs, "label": NEW_POST}


class BlogExplorerView(ExplorableIndexView):
    """Wagtail's page listing, with a "New post" button on a blog: writers need not know
    that a post is a "child page" of a chosen type."""

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        url = new_post_url(self.parent_page, self.permissions)
        if url:
            buttons.append(HeaderButton(NEW_POST, url=url, icon_name="plus", priority=10))
        return buttons


class PostPageViewSet(PageViewSet):
    """Wagtail's views of posts, and of the children of every blog (its explorer)."""

    model = PostPage
    name = "post_pages"
    index_view_class = BlogExplorerView
    # Wagtail only uses a viewset for the explorer of parents that allow no other child
    # type; a blog also takes standard pages, which its explorer keeps listing (model=Page).
    parent_models = [BlogPage]

    @cached_property
    def index_view(self):
        return self.construct_view(
            self.index_view_class, **self.get_index_view_kwargs(), model=Page
        )

    @cached_property
    def index_results_view(self):
        return self.construct_view(
            self.index_view_class, **self.get_index_view_kwargs(), model=Page, results_only=True
        )


def reviews(*statuses):
    """Ids of the pages with a review in one of `statuses` (as a subquery)."""
    return (
        WorkflowState.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page), status__in=statuses
        )
        .annotate(page_id=Cast("object_id", IntegerField()))
        .values("page_id")
    )


class PostFilterSet(WagtailFilterSet):
    # Every filter is a lookup on a FilterField (pk, path, live, date), so that they also
    # apply to search results.
    STATUSES = {
        "draft": "Draft",
        "in_review": "In review",
        "changes_requested": "Changes requested",
        "live": "Published",
    }

    blog = ModelChoiceFilter(
        label="Blog",
        method="filter_blog",
        queryset=lambda request: BlogPage.objects.filter(
            pk__in=page_permission_policy.explorable_instances(request.user).values("pk")
        ).order_by("title"),
    )
    author = ModelChoiceFilter(
        label="Author",
        method="filter_author",
        queryset=Person.objects.filter(authored__isnull=False).distinct().order_by("name"),
    )
    category = ModelChoiceFilter(
        label="Category", method="filter_category", queryset=Category.objects.order_by("name")
    )
    status = ChoiceFilter(
        label="Status",
        method="filter_status",
        choices=list(STATUSES.items()),
        empty_label="Any",
        widget=RadioSelect,
    )
    date = DateFromToRangeFilter(label="Publication date", widget=DateRangePickerWidget)

    class Meta:
        model = PostPage
        fields = []

    def filter_blog(self, queryset, name, blog):
        return queryset.filter(path__startswith=blog.path, depth=blog.depth + 1)

    def filter_author(self, queryset, name, person):
        return queryset.filter(pk__in=PostAuthor.objects.filter(person=person).values("post"))

    def filter_category(self, queryset, name, category):
        through = PostPage.categories.through.objects.filter(category=category)
        return queryset.filter(pk__in=through.values("postpage"))

    def filter_status(self, queryset, name, status):
        if status == "live":
            return queryset.filter(live=True)
        if status == "draft":
            in_review = reviews(
                WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES
            )
            return queryset.filter(live=False).exclude(pk__in=in_review)
        if status == "in_review":
            return queryset.filter(pk__in=reviews(WorkflowState.STATUS_IN_PROGRESS))
        return queryset.filter(pk__in=reviews(WorkflowState.STATUS_NEEDS_CHANGES))


class PostTitleColumn(PageTitleColumn):
    cell_template_name = "posts/admin/title_cell.html"


class AuthorsColumn(RelatedObjectsColumn):
    def get_value(self, instance):
        return [author.person for author in instance.post_authors.all()]


class ReviewStatusColumn(PageStatusColumn):
    """Wagtail's status, and "changes requested" where a reviewer sent the post back
    (Wagtail calls that a draft)."""

    cell_template_name = "posts/admin/status_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        state = instance.current_workflow_state  # prefetched by the listing
        context["changes_requested"] = bool(
            state and state.status == WorkflowState.STATUS_NEEDS_CHANGES
        )
        return context


def publication_date(post):
    return format_date(post.date, "j F Y") if post.date else ""


class PostIndexView(IndexView):
    page_title = "Posts"
    add_item_label = NEW_POST

    def annotate_queryset(self, pages):
        # Authors and categories in two queries for the whole page of results.
        return (
            super()
            .annotate_queryset(pages)
            .prefetch_related(
                Prefetch("post_authors", queryset=PostAuthor.objects.select_related("person")),
                "categories",
            )
        )


class PostsMenuItem(MenuItem):
    def is_shown(self, request):
        # As the listing itself asks (IndexView.any_permission_required).
        return page_permission_policy.user_has_any_permission(
            request.user, IndexView.any_permission_required
        )


class PostListingViewSet(PageListingViewSet):
    """Posts: every post the user may explore, newest change first."""

    model = PostPage
    name = "posts"
    icon = "doc-full"
    menu_label = "Posts"
    menu_order = 110  # just after Pages
    add_to_admin_menu = True
    index_view_class = PostIndexView
    filterset_class = PostFilterSet
    columns = [
        BulkActionsColumn("bulk_actions"),
        PostTitleColumn("title", label="Title", sort_key="title", classname="title"),
        ParentPageColumn("parent", label="Blog"),
        AuthorsColumn("authors", label="Authors"),
        RelatedObjectsColumn("categories", label="Categories"),
        ReviewStatusColumn("status", label="Status", sort_key="live"),
        Column("date", label="Date", accessor=publication_date, sort_key="date"),
        DateColumn(
            "latest_revision_created_at", label="Updated", sort_key="latest_revision_created_at"
        ),
    ]

    @cached_property
    def menu_item_class(self):
        return PostsMenuItem
