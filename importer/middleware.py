"""Old WordPress links by id (`/?p=123`, `/?page_id=7`) to the imported posts.

Wagtail's RedirectMiddleware looks for a redirect only when the page is not found, and
`/` (or a blog's address) always is: so this answers a GET for a path with `p` or
`page_id` before the page does, from the same Wagtail `Redirect`s the importer made
(importer.links). Other query parameters (a campaign tag) do not stop it. Without such a
redirect the request goes on as usual.

UploadGateMiddleware refuses the admin's upload of an export to whoever may not import,
before its body (up to settings.LARGE_UPLOADS) is read."""

from django.http import HttpResponseForbidden, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.urls import reverse

from wagtail.contrib.redirects.middleware import get_redirect
from wagtail.contrib.redirects.models import Redirect

from .permissions import can_import

ID_QUERIES = ("p", "page_id")


class WordPressIdRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD"):
            for key in ID_QUERIES:
                value = request.GET.get(key, "")
                if value.isdigit():
                    response = self.redirect(request, f"{request.path}?{key}={value}")
                    if response is not None:
                        return response
        return self.get_response(request)

    def redirect(self, request, path):
        redirect = get_redirect(request, Redirect.normalise_path(path, decode_unicode=False))
        if redirect is None or not redirect.link:
            return None
        if redirect.is_permanent:
            return HttpResponsePermanentRedirect(redirect.link)
        return HttpResponseRedirect(redirect.link)


class UploadGateMiddleware:
    """An export's upload may be far larger than other requests (settings.LARGE_UPLOADS):
    whoever may not import is refused before anything reads its body (the CSRF check
    would, before the view could refuse)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method == "POST"
            and request.path_info == reverse("wordpress_import:upload")
            and not can_import(request.user)
        ):
            return HttpResponseForbidden(
                "Importing from WordPress is for Administrators.", content_type="text/plain"
            )
        return self.get_response(request)
