"""Admin URLs (registered under /admin/ by wagtail_hooks)."""

from django.urls import path

from . import views

urlpatterns = [
    path("two-factor/verify/", views.verify, name="security_2fa_verify"),
    path("two-factor/setup/", views.setup, name="security_2fa_setup"),
]
