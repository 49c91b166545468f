"""Old WordPress links by id (`/?p=123`, `/?page_id=7`) to the imported posts.

Wagtail's RedirectMiddleware looks for a redirect only when the page is not found, and
`/` (or a blog's address) always is: so this answers a GET for a path with `p` or
`page_id` before the page does, from the same Wagtail `Redirect`s the importer made
(importer.links). Other query parameters (a campaign tag) do not stop it. Without such a
redirect the request goes on as usual."""

from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect

from wagtail.contrib.redirects.middleware import get_redirect
from wagtail.contrib.redirects.models import Redirect

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
