"""The site's URLs plus one view that fails, to see the headers of a 500."""

from django.urls import path

from settings.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("Deliberate failure for the 500 header test")


urlpatterns = [path("broken/", broken), *site_urlpatterns]
