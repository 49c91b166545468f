"""E-mail alerts in the Wagtail admin: how many confirmed subscribers each blog, category
and frequency has (counts only: no list of addresses is ever shown), each post's alert
with its deliveries counted, and, for Administrators, the suppression list and erasure
(alerts.console_views). Who sees what: alerts.permissions."""

from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Left, Length
from django.urls import path, reverse
from django.utils.functional import cached_property

from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.admin.menu import MenuItem as MainMenuItem
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, Table
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSet
from wagtail.models import Page

from posts.models import PostPage

from . import console_views
from .console_views import NAME, AlertsPage, Refused
from .models import Alert, Delivery, Frequency, Subscription, Suppression
from .permissions import (
    AdministratorsPolicy,
    AlertsPolicy,
    alert_blogs,
    can_view_alerts,
    is_alerts_admin,
)

FREQUENCIES = [(value, label) for value, label in Frequency.choices]


def subscriber_counts(blogs, network=False):
    """Rows of confirmed-subscriber counts: per blog, per category of a blog and, if
    `network`, for the network-wide subscription. A subscriber counts once per row, and
    in each frequency they chose there (so the frequencies may add up to more)."""
    counts = {
        "total": Count("subscriber", distinct=True),
        **{
            value: Count("subscriber", distinct=True, filter=Q(frequency=value))
            for value, _ in FREQUENCIES
        },
    }
    confirmed = Subscription.objects.filter(subscriber__confirmed_at__isnull=False)
    blogs = list(blogs.order_by("title").only("pk", "title"))
    found = {
        row["blog"]: row
        for row in confirmed.filter(blog__in=blogs)
        .values("blog")
        .annotate(whole=Count("subscriber", distinct=True, filter=Q(category=None)), **counts)
        .order_by()
    }
    empty = dict.fromkeys(["total", "whole", *Frequency.values], 0)
    per_blog = [{"title": blog.title, **found.get(blog.pk, empty)} for blog in blogs]
    per_category = list(
        confirmed.filter(blog__in=blogs, category__isnull=False)
        .values("blog__title", "category__name")
        .annotate(**counts)
        .order_by("blog__title", "category__name")
    )
    every_blog = confirmed.filter(blog=None).aggregate(**counts) if network else None
    return per_blog, per_category, every_blog


def frequency_columns():
    return [Column(value, label=label) for value, label in FREQUENCIES]


class SubscribersView(AlertsPage):
    template_name = "alerts/admin/subscribers.html"
    page_title = "Email alert subscribers"

    def get_context_data(self, **kwargs):
        user = self.request.user
        admin = is_alerts_admin(user)
        per_blog, per_category, every_blog = subscriber_counts(alert_blogs(user), admin)
        tables = [
            Table(
                [
                    Column("title", label="Blog"),
                    Column("total", label="Subscribers"),
                    Column("whole", label="Every post"),
                    *frequency_columns(),
                ],
                per_blog,
                caption="By blog",
            ),
            Table(
                [
                    Column("blog__title", label="Blog"),
                    Column("category__name", label="Category"),
                    Column("total", label="Subscribers"),
                    *frequency_columns(),
                ],
                per_category,
                caption="By category",
            ),
        ]
        if every_blog is not None:
            tables.insert(
                0,
                Table(
                    [Column("total", label="Subscribers"), *frequency_columns()],
                    [every_blog],
                    caption="Every blog on the network",
                ),
            )
        return super().get_context_data(
            tables=tables, confirm_days=settings.ALERTS_CONFIRM_DAYS, **kwargs
        )


def sent_alerts(user):
    """The alerts of the posts on `user`'s blogs, each with its deliveries counted by
    status and its blog's title: one query, whatever the number of rows."""
    status = Delivery.Status

    def deliveries(*statuses):
        return Count("deliveries", filter=Q(deliveries__status__in=statuses))

    # A post is a child of its blog: the blog's path is the post's, one step shorter.
    post_path = OuterRef("post__path")
    blog = Page.objects.filter(path=Left(post_path, Length(post_path) - PostPage.steplen))
    alerts = Alert.objects.select_related("post").annotate(
        blog_title=Subquery(blog.values("title")[:1]),
        delivered=deliveries(status.SENT),
        failed=deliveries(status.FAILED),
        suppressed=deliveries(status.SUPPRESSED),
        waiting=deliveries(status.CLAIMED, status.RETRY),
    )
    if is_alerts_admin(user):
        return alerts
    paths = alert_blogs(user).values_list("path", flat=True)
    return alerts.filter(reduce(or_, [Q(post__path__startswith=p) for p in paths], Q(pk=None)))


class SentAlertsView(Refused, IndexView):
    model = Alert
    permission_policy = AlertsPolicy(Alert)
    page_title = "Sent email alerts"
    header_icon = "mail"
    index_url_name = f"{NAME}:alerts"
    default_ordering = "-created_at"
    paginate_by = 50

    def get_base_queryset(self):
        return sent_alerts(self.request.user)

    @cached_property
    def columns(self):
        return [
            Column("post", label="Post", accessor="post.title"),
            Column("blog_title", label="Blog"),
            DateColumn("created_at", label="Created", sort_key="created_at"),
            Column("status", label="Status", accessor="get_status_display"),
            Column("delivered", label="Delivered"),
            Column("waiting", label="Waiting or to retry"),
            Column("failed", label="Failed"),
            Column("suppressed", label="Suppressed"),
        ]


class SuppressionIndexView(Refused, IndexView):
    admins_only = True
    model = Suppression
    permission_policy = AdministratorsPolicy(Suppression)
    page_title = "Suppression list"
    header_icon = "mail"
    index_url_name = f"{NAME}:suppressions"
    add_url_name = f"{NAME}:suppress"
    add_item_label = "Add an address"
    default_ordering = "-created_at"
    paginate_by = 50

    def get_base_queryset(self):
        return Suppression.objects.all()

    def get_list_more_buttons(self, instance):
        url = reverse(f"{NAME}:unsuppress", args=[instance.pk])
        return [MenuItem("Remove", url=url, icon_name="bin", priority=30)]

    @cached_property
    def columns(self):
        return [
            self._get_title_column("email"),
            Column("reason", label="Reason", accessor="get_reason_display"),
            DateColumn("created_at", label="Added", sort_key="created_at"),
        ]


class AlertsMenuItem(MainMenuItem):
    def __init__(self, *args, shown, **kwargs):
        super().__init__(*args, **kwargs)
        self.shown = shown

    def is_shown(self, request):
        return self.shown(request.user)


class AlertsViewSet(ViewSet):
    name = NAME
    url_prefix = "email-alerts"
    icon = "mail"
    add_to_admin_menu = True
    menu_label = "Email alerts"
    menu_order = 260

    def get_urlpatterns(self):
        return [
            path("", SubscribersView.as_view(), name="index"),
            path("sent/", SentAlertsView.as_view(), name="alerts"),
            path("suppressions/", SuppressionIndexView.as_view(), name="suppressions"),
            path("suppressions/add/", console_views.SuppressView.as_view(), name="suppress"),
            path(
                "suppressions/<int:pk>/remove/",
                console_views.UnsuppressView.as_view(),
                name="unsuppress",
            ),
            path("erase/", console_views.EraseView.as_view(), name="erase"),
        ]

    def get_menu_item(self, order=None):
        """A submenu; each page in it is shown to those who may open it."""
        pages = [
            ("Subscribers", "index", "group", can_view_alerts),
            ("Sent alerts", "alerts", "mail", can_view_alerts),
            ("Suppression list", "suppressions", "cross", is_alerts_admin),
            ("Erase an address", "erase", "bin", is_alerts_admin),
        ]
        items = [
            AlertsMenuItem(
                label,
                reverse(self.get_url_name(view)),
                name=f"email-alerts-{view}",
                icon_name=icon,
                order=number,
                shown=shown,
            )
            for number, (label, view, icon, shown) in enumerate(pages)
        ]
        return SubmenuMenuItem(
            self.menu_label,
            Menu(items=items),
            name="email-alerts",
            icon_name=self.icon,
            order=self.get_menu_item_order(order),
        )
