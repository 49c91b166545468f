"""The sign-off pages of people without accounts (editorial.signoff_views)."""

from django.urls import path

from . import signoff_views

urlpatterns = [
    path("sign-off/", signoff_views.open_link, name="sign_off_open"),
    path("sign-off/<int:pk>/", signoff_views.draft, name="sign_off_draft"),
    path("sign-off/<int:pk>/latest/", signoff_views.show_latest, name="sign_off_latest"),
    path("sign-off/<int:pk>/decide/", signoff_views.decide, name="sign_off_decide"),
    path("sign-off/<int:pk>/done/", signoff_views.done, name="sign_off_done"),
]
