import sys

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection, transaction
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.urls import reverse
from django.views import defaults
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from wagtail import views as wagtail_views

from contentcache import serving
from home import visibility
from home.addresses import public_url


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        f"Disallow: {settings.ADMIN_URL_PREFIX}",
        "Disallow: /search/",
        f"Sitemap: {public_url(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# Seconds a reader (or a CDN, or a load balancer) is asked to wait while the database is
# out of reach: a restart or a failover takes about this long.
RETRY_AFTER_SECONDS = 30


def server_error(request):
    """handler500. A database that cannot be reached (down, restarting, refusing
    connections) is an outage, not a fault in the page: the GOV.UK "service unavailable"
    page, 503 with Retry-After, which a CDN or load balancer can act on. Django calls this
    inside its `except` block, so the error is in sys.exc_info(); it is logged as usual and
    never shown. Anything else is Django's 500 page."""
    error = sys.exc_info()[1]
    if not isinstance(error, (OperationalError, InterfaceError)):
        return defaults.server_error(request)
    # 503.html, like 500.html, needs no context and no database.
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


# Neither probe runs inside the request's transaction (ATOMIC_REQUESTS in production),
# which would need the database before the view starts.
@transaction.non_atomic_requests
@require_GET
def healthz(request):
    """The process is alive; says nothing of its dependencies (no database, no cache)."""
    return JsonResponse({"status": "ok"})


@transaction.non_atomic_requests
@require_GET
def readyz(request):
    """Ready for traffic: the database answers and the cache round-trips a value."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001 - any failure means "not ready"
        checks["database"] = "unavailable"
    try:
        cache.set("readyz", "1", 5)
        checks["cache"] = "ok" if cache.get("readyz") == "1" else "unavailable"
    except Exception:  # noqa: BLE001
        checks["cache"] = "unavailable"
    ready = all(v == "ok" for v in checks.values())
    response = JsonResponse(
        {"status": "ok" if ready else "unavailable", **checks}, status=200 if ready else 503
    )
    if not ready:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


@transaction.non_atomic_requests
def serve_page(request, path):
    """Wagtail's page view. A page kept whole in the content cache (contentcache.serving)
    is served without routing, if readers may still see it: its path against the view
    restrictions and hidden sections of the same content version (otherwise Wagtail's
    serve, which asks for a password or a sign-in, or answers 404).

    Reading a page (GET, HEAD) runs outside ATOMIC_REQUESTS' transaction: it writes
    nothing, and a kept page is then answered without touching the database at all (the
    transaction alone cost a connection check on every request). Any other method is
    served in one transaction, as every other view."""
    if request.method in ("GET", "HEAD"):
        kept = getattr(request, "bulletin_kept", None)
        if kept is not None and not visibility.path_is_hidden(serving.page_path(kept)):
            return serving.from_kept(request, kept)
        return wagtail_views.serve(request, path)
    with transaction.atomic():
        return wagtail_views.serve(request, path)
