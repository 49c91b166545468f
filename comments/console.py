"""The moderation console in the Wagtail admin: a listing of the comments each moderator
may act on, filtered by blog, post, status and age, with bulk actions; a page per comment
(comments.console_views) and its history. Only the comments of the blogs where the
moderator may publish are ever listed or reachable (comments.permissions)."""

import datetime

import django_filters

from django.db.models import Count, Min
from django.template.defaultfilters import truncatechars
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.timesince import timesince

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.viewsets.model import ModelViewSet

from posts.models import BlogPage, PostPage

from . import console_views
from .models import ReaderComment
from .moderation import TWO_PERSON_APPROVALS
from .permissions import moderated_comments

Status = ReaderComment.Status
ALL = "all"
AGES = {
    "1d": ("Waiting over a day", datetime.timedelta(days=1)),
    "2d": ("Waiting over 2 days", datetime.timedelta(days=2)),
    "7d": ("Waiting over a week", datetime.timedelta(days=7)),
}


class ModerationFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=[*Status.choices, (ALL, "Any status")],
        empty_label=None,
        method="filter_status",
    )
    blog = django_filters.ModelChoiceFilter(
        label="Blog", queryset=BlogPage.objects.none(), method="filter_blog"
    )
    post = django_filters.ModelChoiceFilter(label="Post", queryset=PostPage.objects.none())
    age = django_filters.ChoiceFilter(
        label="Age",
        choices=[(key, label) for key, (label, _) in AGES.items()],
        method="filter_age",
    )

    class Meta:
        model = ReaderComment
        fields = ["status", "blog", "post", "age"]

    def __init__(self, data=None, *args, request=None, **kwargs):
        # Waiting comments unless another status is asked for: that is the moderator's job.
        data = data.copy() if data is not None else None
        if data is not None and not data.get("status"):
            data["status"] = Status.PENDING
        super().__init__(data, *args, request=request, **kwargs)
        scope = moderated_comments(request.user) if request else ReaderComment.objects.none()
        posts = PostPage.objects.filter(pk__in=scope.values("post")).order_by("title")
        self.filters["post"].queryset = posts
        blogs = [post.blog.pk for post in posts.only("path").with_blogs()]
        self.filters["blog"].queryset = BlogPage.objects.filter(pk__in=blogs).order_by("title")

    def filter_status(self, queryset, name, value):
        return queryset if value == ALL else queryset.filter(status=value)

    def filter_blog(self, queryset, name, blog):
        return queryset.filter(post__path__startswith=blog.path) if blog else queryset

    def filter_age(self, queryset, name, value):
        if value not in AGES:
            return queryset
        return queryset.filter(created_at__lte=timezone.now() - AGES[value][1])


def status_text(comment):
    text = comment.get_status_display()
    if comment.status == Status.PENDING and getattr(comment, "approval_count", 0):
        text += f" ({comment.approval_count} of {TWO_PERSON_APPROVALS} approvals)"
    if comment.status == Status.REJECTED and comment.rejection_reason:
        text += f": {comment.get_rejection_reason_display()}"
    if comment.status == Status.SPAM and comment.spam_reason:
        text += f": {comment.spam_reason}"
    return text


def received(comment):
    return f"{timesince(comment.created_at)} ago"


class ModerationIndexView(IndexView):
    template_name = "comments/admin/index.html"
    filterset_class = ModerationFilterSet
    default_ordering = "created_at"
    page_title = "Reader comments"

    def get_base_queryset(self):
        return (
            moderated_comments(self.request.user)
            .select_related("post", "parent")
            .annotate(approval_count=Count("approvals"))
        )

    @cached_property
    def columns(self):
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="comment"),
            TitleColumn(
                "body",
                label="Comment",
                accessor=lambda comment: truncatechars(comment.body, 120),
                get_url=lambda comment: reverse("reader_comments:edit", args=[comment.pk]),
                get_title_id=lambda comment: f"comment_{comment.pk}_title",
            ),
            Column("name", label="Name"),
            Column("post", label="Post", accessor="post.title"),
            Column("status", label="Status", accessor=status_text),
            Column("created_at", label="Received", accessor=received, sort_key="created_at"),
        ]


class ModerationHistoryView(HistoryView):
    def get_base_object_queryset(self):
        return moderated_comments(self.request.user)


class ModerationViewSet(ModelViewSet):
    model = ReaderComment
    name = "reader_comments"
    url_prefix = "reader-comments"
    icon = "comment"
    menu_label = "Reader comments"
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = ModerationIndexView
    history_view_class = ModerationHistoryView
    copy_view_enabled = False
    add_to_reference_index = False
    list_per_page = 50
    # Searched in the database (comments are in no search index); never by e-mail address,
    # which would then sit in URLs and logs: see people/ for that.
    search_fields = ["name", "body"]
    search_backend_name = None

    def get_urlpatterns(self):
        # No add, delete, copy or usage views: comments come from readers, and go only
        # through erasure (people/).
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", console_views.ReviewView.as_view(), name="edit"),
            path(
                "<int:pk>/approve/", console_views.decide, {"decision": "approve"}, name="approve"
            ),
            path("<int:pk>/reject/", console_views.decide, {"decision": "reject"}, name="reject"),
            path("<int:pk>/spam/", console_views.decide, {"decision": "spam"}, name="spam"),
            path("<int:pk>/reply/", console_views.reply, name="reply"),
            path("history/<int:pk>/", self.history_view, name="history"),
            path("history-results/<int:pk>/", self.history_results_view, name="history_results"),
            path("people/", console_views.PersonView.as_view(), name="person"),
        ]


def waiting_summary(user):
    """(count, oldest created_at) of the comments waiting for `user`."""
    found = (
        moderated_comments(user).waiting().aggregate(count=Count("pk"), oldest=Min("created_at"))
    )
    return found["count"], found["oldest"]
