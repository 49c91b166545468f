"""The site's URLs with MEDIA_ROOT served at MEDIA_URL, as a web server in front of
Bulletin serves it (tests of what readers can fetch from /media/)."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from settings.urls import urlpatterns as site


def media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [re_path(r"^media/(?P<path>.*)$", media), *site]
