"""Second-factor sign-in pages (admin), the lockout page and /.well-known/security.txt."""

import base64
import datetime
import io
from urllib.parse import urlsplit

import django_otp
import qrcode
import qrcode.image.svg
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from . import twofactor
from .forms import TokenForm

WRONG_CODE = "That code is wrong or has expired. Enter the code your app shows now."


def safe_next(request, default="wagtailadmin_home"):
    """Where to go after signing in: `next` if it stays on this site, else the dashboard."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


def verify(request):
    """Second step of signing in, for people who have set up an authenticator app."""
    if request.user.is_verified():
        return redirect(safe_next(request))
    if not twofactor.has_device(request.user):
        return redirect(f"{reverse('security_2fa_setup')}?{request.GET.urlencode()}")
    form = TokenForm(request.POST or None)
    if form.is_valid():
        # Locked while checked, so parallel guesses cannot dodge the throttling.
        with transaction.atomic():
            device = (
                TOTPDevice.objects.select_for_update()
                .filter(user=request.user, confirmed=True)
                .first()
            )
            verified = device is not None and device.verify_token(form.cleaned_data["token"])
        if verified:
            django_otp.login(request, device)
            return redirect(safe_next(request))
        form.add_error("token", WRONG_CODE)
    return TemplateResponse(
        request,
        "security/two_factor/verify.html",
        {"form": form, "next": safe_next(request)},
    )


def setup(request):
    """Set up (or replace) an authenticator app. Someone who already has one must sign in
    with it first: a password alone never adds a device."""
    user = request.user
    if twofactor.has_device(user) and not user.is_verified():
        return redirect(f"{reverse('security_2fa_verify')}?{request.GET.urlencode()}")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    form = TokenForm(request.POST or None)
    if form.is_valid():
        with transaction.atomic():
            device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
            verified = device.verify_token(form.cleaned_data["token"])
        if verified:
            for old in devices_for_user(user, confirmed=None):
                if old.pk != device.pk or type(old) is not TOTPDevice:
                    old.delete()
            device.confirmed = True
            device.save()
            django_otp.login(request, device)
            messages.success(request, "Two-factor authentication is set up for your account.")
            return redirect(safe_next(request))
        form.add_error("token", WRONG_CODE)
    return TemplateResponse(
        request,
        "security/two_factor/setup.html",
        {
            "form": form,
            "next": safe_next(request),
            "qr_code": qr_code_data_uri(device.config_url),
            "secret": grouped(base64.b32encode(device.bin_key).decode()),
            "required": twofactor.is_required(user),
        },
    )


def grouped(secret, size=4):
    """The key in groups of four, for typing into an app by hand."""
    return " ".join(secret[i : i + size] for i in range(0, len(secret), size))


def qr_code_data_uri(text):
    """`text` as a QR code in an SVG data: URI, drawn here (nothing is fetched)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def lockout(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login: the same for every user name, known or
    not, and says when to try again."""
    cool_off = settings.AXES_COOLOFF_TIME
    # Rendered now: django-axes returns it from its middleware, past the rendering stage.
    response = render(
        request,
        "security/lockout.html",
        {"minutes": int(cool_off.total_seconds() // 60)},
        status=429,
    )
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


def security_txt_expires():
    configured = parse_datetime(settings.SECURITY_TXT_EXPIRES or "")
    if configured is not None:
        if timezone.is_naive(configured):
            configured = timezone.make_aware(configured, datetime.UTC)
        return configured
    start_of_day = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    return start_of_day + settings.SECURITY_TXT_LIFETIME


@require_GET
@cache_control(max_age=86_400, public=True)
def security_txt(request):
    """RFC 9116: how to report a vulnerability. Everything comes from settings."""
    base = urlsplit(settings.BASE_URL)
    canonical = f"{base.scheme}://{base.netloc}{reverse('security_txt')}"
    expires = security_txt_expires().astimezone(datetime.UTC)
    lines = [f"Contact: {contact}" for contact in settings.SECURITY_CONTACTS]
    lines.append(f"Expires: {expires:%Y-%m-%dT%H:%M:%SZ}")
    lines.append(f"Preferred-Languages: {', '.join(settings.SECURITY_TXT_LANGUAGES)}")
    lines.append(f"Canonical: {canonical}")
    if settings.SECURITY_POLICY_URL:
        lines.append(f"Policy: {settings.SECURITY_POLICY_URL}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
