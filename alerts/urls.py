from django.urls import path

from . import notify, views

app_name = "alerts"

urlpatterns = [
    path("subscribe/", views.subscribe_network, name="subscribe"),
    path("subscribe/check-your-email/", views.check_email, name="check_email"),
    path("alerts/confirm/<str:token>/", views.confirm, name="confirm"),
    path("alerts/manage/<str:token>/", views.manage, name="manage"),
    path("alerts/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("alerts/unsubscribed/", views.unsubscribed, name="unsubscribed"),
    path("alerts/notify/callback/", notify.callback, name="notify_callback"),
    # A blog's sign-up; any other page at such an address is still Wagtail's.
    path("<slug:blog_slug>/subscribe/", views.subscribe_blog, name="subscribe_blog"),
]
