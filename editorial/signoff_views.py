"""The sign-off pages of a person without an account (editorial.signoff).

1. `/sign-off/` (open): the e-mailed link is `/sign-off/#<token>`. The fragment never
   leaves the browser, so no server or proxy logs it and no Referer carries it; a small
   script (or the person, pasting the code) POSTs it here. It is exchanged for a signed
   cookie scoped to `/sign-off/<id>/`, then 303 to that token-free address.
2. `/sign-off/<id>/` (draft): the draft as readers will see it, rendered from the
   revision with the post's own templates, marked as a draft not to share; or "this draft
   has changed" with the differences when a newer revision changed it.
3. `/sign-off/<id>/decide/`: approve, or request changes with a comment, for the revision
   shown; `/sign-off/<id>/latest/` moves the request on to the newest revision.

Every answer is private: no-store, noindex, no Referer, rate limited per address like the
comment form, never in the content cache (the draft renders as a preview). A link that is
damaged, withdrawn, expired, already used or for a post no longer in review says so."""

from functools import wraps

from django import forms
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.http import HttpResponseRedirect
from django.middleware.csrf import CsrfViewMiddleware
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.decorators import decorator_from_middleware
from django.utils.html import strip_tags
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from wagtail.admin.compare import diff_text
from wagtail.log_actions import LogContext, log

from security.network import over_rate_limit

from .signoff import APPROVE, CHANGES, DECISIONS, SignOffRequest

COOKIE = "bulletin_sign_off"
COOKIE_SALT = "editorial.sign-off"
SCOPE = "sign-off"


def private(view):
    """Nothing of these pages may be stored, indexed or passed on in a Referer."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if over_rate_limit(request, SCOPE, settings.SIGN_OFF_RATE_LIMIT):
            response = problem(
                request,
                429,
                "Too many requests",
                "There have been too many requests from your network. Wait a few minutes "
                "and try again.",
            )
            response["Retry-After"] = str(settings.SIGN_OFF_RATE_LIMIT["window_seconds"])
        else:
            response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        patch_cache_control(response, private=True, no_store=True)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
        return response

    return wrapped


class NullOriginCsrfMiddleware(CsrfViewMiddleware):
    """Django's CSRF check, where the form's Origin may be "null": browsers send that from
    a page with `Referrer-Policy: no-referrer`. The form's token must still match its
    cookie, and the cookie of a request's pages is SameSite=Strict besides."""

    def _origin_verified(self, request):
        return request.META.get("HTTP_ORIGIN") == "null" or super()._origin_verified(request)


csrf_protect_null_origin = decorator_from_middleware(NullOriginCsrfMiddleware)


def sign_off_form(methods):
    """A sign-off page that takes a form: private (see `private`), the given methods only,
    and Django's CSRF check with an Origin of "null" allowed, in place of the middleware's."""

    def decorate(view):
        view = private(require_http_methods(methods)(csrf_protect_null_origin(view)))
        # nosemgrep: bulletin.csrf-exempt - checked by csrf_protect_null_origin (token and cookie)
        return csrf_exempt(view)

    return decorate


def problem(request, status, title, message, sign_off=None):
    return TemplateResponse(
        request,
        "editorial/signoff/problem.html",
        {"title": title, "message": message, "sign_off": sign_off},
        status=status,
    )


def see_other(url):
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def bad_link(request):
    return problem(
        request,
        400,
        "This link does not work",
        "The link may be incomplete or may no longer be valid. Copy the whole link from the "
        "email, or ask the person who sent it for a new one.",
    )


def closed(request, sign_off, status):
    asker = sign_off.created_by.get_full_name() if sign_off.created_by else ""
    ask = f"Ask {asker} for a new link" if asker else "Ask for a new link"
    title, message = {
        "revoked": ("This link has been withdrawn", f"It no longer opens the draft. {ask}."),
        "expired": ("This link has expired", f"Sign-off links work for a limited time. {ask}."),
        "closed": (
            "This draft is no longer waiting for sign-off",
            "It has been published or withdrawn from review. Nothing more is needed from you.",
        ),
    }[status]
    return problem(request, 410, title, message)


def used(request, sign_off):
    verb = "approved" if sign_off.decision == APPROVE else "asked for changes to"
    when = timezone.localtime(sign_off.decided_at).strftime("%-d %B %Y at %-I:%M%p").lower()
    return problem(
        request,
        410,
        "You have already given your decision",
        f"You {verb} this draft on {when[0].upper() + when[1:]}. If it changes, this link "
        "opens the new version.",
        sign_off,
    )


def cookie_value(sign_off):
    return f"{sign_off.pk}:{sign_off.token_hash[:16]}"


def authorised(request, pk, queryset=None):
    """The request this browser opened with its link, or None."""
    value = request.get_signed_cookie(COOKIE, default=None, salt=COOKIE_SALT)
    if not value:
        return None
    queryset = queryset if queryset is not None else SignOffRequest.objects.all()
    sign_off = queryset.select_related("post", "revision", "created_by").filter(pk=pk).first()
    if sign_off is None or not signing.constant_time_compare(value, cookie_value(sign_off)):
        return None
    return sign_off


def not_opened(request):
    return problem(
        request,
        403,
        "Open the link from your email",
        "This page opens only from the personal link in your sign-off email, in the "
        "browser you opened it in. Select the link in the email again.",
    )


class CodeForm(forms.Form):
    code = forms.CharField(max_length=100, strip=True)


@sign_off_form(["GET", "POST"])
def open_link(request):
    """Exchange the link's token for a cookie scoped to the request's own pages."""
    if request.method == "GET":
        return TemplateResponse(request, "editorial/signoff/open.html", {"form": CodeForm()})
    form = CodeForm(request.POST)
    sign_off = SignOffRequest.for_token(form.data.get("code", "").strip())
    if sign_off is None:
        return bad_link(request)
    if (status := sign_off.status()) != "open":
        return closed(request, sign_off, status)
    path = reverse("sign_off_draft", args=[sign_off.pk])
    response = see_other(path)
    response.set_signed_cookie(
        COOKIE,
        cookie_value(sign_off),
        salt=COOKIE_SALT,
        max_age=max(int((sign_off.expires_at - timezone.now()).total_seconds()), 0),
        path=path,
        secure=settings.SESSION_COOKIE_SECURE or request.is_secure(),
        httponly=True,
        samesite="Strict",
    )
    return response


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=DECISIONS,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you approve the draft or want changes"},
    )
    comment = forms.CharField(required=False, max_length=5000, widget=forms.Textarea)
    revision = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("decision") == CHANGES and not data.get("comment", "").strip():
            self.add_error("comment", "Say what needs to change")
        return data


def render_draft(request, sign_off, form=None, status=200):
    """The draft as readers will see it: the post's own template and context, rendered
    from the revision as a preview (so the content cache stays out of it)."""
    post = sign_off.revision.as_object()
    request.is_preview = True
    request.preview_mode = ""
    context = post.get_preview_context(request, "")
    context.update(
        {
            "post_template": post.get_preview_template(request, ""),
            "sign_off": sign_off,
            "form": form or DecisionForm(initial={"revision": sign_off.revision_id}),
            "decide_url": reverse("sign_off_decide", args=[sign_off.pk]),
        }
    )
    return TemplateResponse(request, "editorial/signoff/draft.html", context, status=status)


def readable(revision):
    """What a reader reads of a revision: its title, summary and body text, each block on
    a paragraph of its own, for a text comparison."""
    post = revision.as_object()
    blocks = [" ".join(strip_tags(str(block)).split()) for block in post.body]
    return {
        "Title": post.title,
        "Summary": post.summary,
        "Body": "\n\n".join(block for block in blocks if block),
    }


def differences(old, new):
    """Each part that changed, as (label, [(kind, text)]): kind is equal, addition or
    deletion (Wagtail's own text comparison, as in its revision compare view)."""
    before, after = readable(old), readable(new)
    return [
        (label, diff_text(before[label], after[label]).changes)
        for label in after
        if before[label] != after[label]
    ]


def render_changed(request, sign_off, latest, status=200):
    return TemplateResponse(
        request,
        "editorial/signoff/changed.html",
        {
            "sign_off": sign_off,
            "changes": differences(sign_off.revision, latest),
            "latest_url": reverse("sign_off_latest", args=[sign_off.pk]),
            "title": "This draft has changed",
        },
        status=status,
    )


@private
@require_GET
def draft(request, pk):
    sign_off = authorised(request, pk)
    if sign_off is None:
        return not_opened(request)
    if (status := sign_off.status()) != "open":
        return closed(request, sign_off, status)
    latest = sign_off.post.get_latest_revision()
    if not sign_off.shows_latest(latest):
        return render_changed(request, sign_off, latest)
    if sign_off.decided_on(latest):
        return used(request, sign_off)
    return render_draft(request, sign_off)


def open_request_locked(request, pk):
    """(request, None) for this browser's open request, locked until the transaction ends
    (of two posts at once, the second sees the first's change); else (None, the page that
    says why)."""
    sign_off = authorised(request, pk, SignOffRequest.objects.select_for_update(of=("self",)))
    if sign_off is None:
        return None, not_opened(request)
    if (status := sign_off.status()) != "open":
        return None, closed(request, sign_off, status)
    return sign_off, None


@sign_off_form(["POST"])
def show_latest(request, pk):
    """Move the request on to the newest revision: any decision now applies to that."""
    with transaction.atomic():
        sign_off, refusal = open_request_locked(request, pk)
        if refusal:
            return refusal
        sign_off.revision = sign_off.post.get_latest_revision()
        sign_off.save(update_fields=["revision"])
    return see_other(reverse("sign_off_draft", args=[sign_off.pk]))


@sign_off_form(["POST"])
def decide(request, pk):
    with transaction.atomic():
        # Locked until the decision commits: of two clicks at once, the second sees it.
        sign_off, refusal = open_request_locked(request, pk)
        if refusal:
            return refusal
        latest = sign_off.post.get_latest_revision()
        form = DecisionForm(request.POST)
        if not form.is_valid():
            return render_draft(request, sign_off, form, status=400)
        if form.cleaned_data["revision"] != sign_off.revision_id or not sign_off.shows_latest(
            latest
        ):
            # A decision applies to the version the person read, and only while that is
            # still the draft.
            return render_changed(request, sign_off, latest, status=409)
        if sign_off.decided_on(latest):
            return used(request, sign_off)
        record_decision(sign_off, form.cleaned_data["decision"], form.cleaned_data["comment"])
    return see_other(reverse("sign_off_done", args=[sign_off.pk]))


def record_decision(sign_off, decision, comment):
    from .tasks import send_sign_off_decision

    sign_off.decision = decision
    sign_off.comment = comment.strip()
    sign_off.decided_at = timezone.now()
    sign_off.decided_revision = sign_off.revision
    sign_off.save(update_fields=["decision", "comment", "decided_at", "decided_revision"])
    action = "editorial.sign_off.approve" if decision == APPROVE else "editorial.sign_off.changes"
    with LogContext(user=None):  # the person has no account: their name is in the data
        log(
            sign_off.post,
            action,
            user=None,
            data={
                "name": sign_off.name,
                "role": sign_off.role_label,
                "email": sign_off.email,
                "comment": sign_off.comment,
                "request": sign_off.pk,
            },
            revision=sign_off.revision,
        )
    transaction.on_commit(lambda: send_sign_off_decision.enqueue(sign_off.pk))


@private
@require_GET
def done(request, pk):
    sign_off = authorised(request, pk)
    if sign_off is None:
        return not_opened(request)
    if not sign_off.decision:
        return see_other(reverse("sign_off_draft", args=[sign_off.pk]))
    return TemplateResponse(
        request,
        "editorial/signoff/done.html",
        {"sign_off": sign_off, "title": "Decision recorded"},
    )
