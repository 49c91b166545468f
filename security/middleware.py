"""Response headers, request size limits and the two-factor gate, for every request."""

from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode

from . import twofactor


class SecurityHeadersMiddleware:
    """Permissions-Policy, which Django does not set itself."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = ", ".join(
            f"{feature}=({' '.join(origins)})"
            for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's own policy under ADMIN_URL_PREFIX.

    The admin's policy allows inline scripts, which a nonce would switch off again in
    browsers, so it carries none. A preview (Wagtail renders it through the middleware as a
    request of its own, at the page's public address) keeps the readers' policy, but may be
    framed by the admin's preview panel, and never stored."""

    def process_response(self, request, response):
        if getattr(request, "is_preview", False):
            patch_cache_control(response, private=True, no_store=True)
        # A view's own policy (Wagtail's "default-src 'none'" on documents) is kept, but
        # default-src does not cover framing: no response of ours may be framed elsewhere.
        policy = response.get("Content-Security-Policy")
        if policy and "frame-ancestors" not in policy:
            response["Content-Security-Policy"] = f"{policy}; frame-ancestors 'none'"
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if getattr(request, "is_preview", False) and not report_only:
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        in_admin = request.path_info.startswith(settings.ADMIN_URL_PREFIX)
        # A view's own @csp_override (parts.config) still wins.
        if in_admin and not report_only and parts.config is None:
            parts = PolicyParts(
                config=settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"],
                update=parts.update,
                replace=parts.replace,
                nonce=None,
            )
        return parts


class RequestBodyLimitMiddleware:
    """Refuse a request whose declared body is larger than MAX_REQUEST_BODY_SIZE with 413,
    before anything reads it (a 200 MB upload is turned away at once, not streamed to disk
    and then refused by a form). The views named in LARGE_UPLOADS take up to their own
    limit; each refuses whoever may not upload before the body is read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponse("Bad Content-Length.", status=400, content_type="text/plain")
        limit = settings.MAX_REQUEST_BODY_SIZE
        if length > limit:
            limit = self.large_upload_limit(request) or limit
        if length > limit:
            return HttpResponse(
                f"The request is too large: the limit is {limit // (1024 * 1024)} MB.",
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)

    def large_upload_limit(self, request):
        for name, limit in getattr(settings, "LARGE_UPLOADS", {}).items():
            if request.path_info == reverse(name):
                return limit
        return None


class TwoFactorMiddleware:
    """After OTPMiddleware. A person signed in with a password alone, who must use a second
    factor (they have one, or their role requires one), may only finish signing in: the
    admin sends them to verify or set up a device, and the public site treats them as
    anonymous (so login-restricted pages stay closed to them)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return self.get_response(request)
        step = twofactor.next_step(user)
        if step is None or twofactor.is_exempt_path(request.path_info):
            return self.get_response(request)
        if not request.path_info.startswith(settings.ADMIN_URL_PREFIX):
            request.user = AnonymousUser()
            return self.get_response(request)
        target = reverse(f"security_2fa_{step}")
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")


class RefusedUploadMiddleware:
    """An upload that Wagtail's form refuses (too large, too many pixels, not the image it
    claims to be) is answered 400, not 200, so clients, proxies and logs see a refusal.

    Wagtail's multiple uploader (JSON) keeps its 200: its script reads the reason from the
    body of a 200 only, and would show a bare "Bad Request" instead."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Only bodies the view has already parsed (_files): never parse one here.
        if (
            request.method == "POST"
            and response.status_code == 200
            and getattr(request, "_files", None)
        ):
            form = (getattr(response, "context_data", None) or {}).get("form")
            if form is not None and form.errors:
                response.status_code = 400
        return response
