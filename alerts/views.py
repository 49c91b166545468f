"""The reader's pages: sign up (a blog's `<blog>/subscribe/` and the network's
`/subscribe/`), check your email, confirm, manage and unsubscribe.

None of them is cached (each holds a form or a personal link) and none is indexed. A link
that is damaged, forged or expired gets a 400 page that says so. The unsubscribe address
takes a POST without a CSRF token: mail clients send RFC 8058's one-click request from
outside the site, and the signed link is the proof."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from wagtail.models import Site
from wagtail.views import serve

from posts.models import BlogPage
from security.network import over_rate_limit

from . import signup, tasks, topics
from .forms import BlogSignUpForm, FrequencyForm, NetworkSignUpForm
from .models import Subscriber, Subscription
from .tokens import BadToken, manage_token, read_confirm_token, read_manage_token


def problem(request, status, title, message):
    return TemplateResponse(
        request, "alerts/problem.html", {"title": title, "message": message}, status=status
    )


def bad_link(request, error):
    if error.expired:
        return problem(
            request,
            400,
            "This link has expired",
            f"Links to confirm email alerts work for {settings.ALERTS_CONFIRM_DAYS} days. "
            "Sign up again to get a new one.",
        )
    return problem(
        request,
        400,
        "This link does not work",
        "The link may be incomplete or may no longer be valid. Copy the whole link from the "
        "email, or use the link in a newer email.",
    )


def too_many(request):
    response = problem(
        request,
        429,
        "Too many requests",
        "There have been too many sign-ups from your network. Wait a few minutes and try again.",
    )
    response["Retry-After"] = str(settings.ALERTS_RATE_LIMIT["window_seconds"])
    return response


def sign_up(request, form_class, context, **form_kwargs):
    if request.method == "POST":
        if over_rate_limit(request, "alerts", settings.ALERTS_RATE_LIMIT):
            return too_many(request)
        form = form_class(request.POST, **form_kwargs)
        if form.is_valid():
            # The same work and the same answer for a known address and a new one.
            subscriber = signup.subscriber_for(form.cleaned_data["email"])
            tasks.send_confirmation.enqueue(
                subscriber.pk, form.topics(), form.cleaned_data["frequency"]
            )
            return redirect("alerts:check_email")
    else:
        form = form_class(**form_kwargs)
    status = 400 if form.errors else 200
    return TemplateResponse(
        request, "alerts/subscribe.html", {**context, "form": form}, status=status
    )


@never_cache
@require_http_methods(["GET", "POST"])
def subscribe_blog(request, blog_slug):
    site = Site.find_for_request(request)
    blog = None
    if site is not None:
        blog = (
            BlogPage.objects.child_of(site.root_page).for_readers().filter(slug=blog_slug).first()
        )
    if blog is None:
        # Not a blog: the address may still be a page of Wagtail's.
        return serve(request, f"{blog_slug}/subscribe/")
    return sign_up(request, BlogSignUpForm, {"blog": blog, "page": blog}, blog=blog)


@never_cache
@require_http_methods(["GET", "POST"])
def subscribe_network(request):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    return sign_up(request, NetworkSignUpForm, {}, root=site.root_page)


@never_cache
def check_email(request):
    return TemplateResponse(
        request,
        "alerts/check_email.html",
        {"title": "Check your email", "days": settings.ALERTS_CONFIRM_DAYS},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    try:
        subscriber_id, key, topic_keys, frequency = read_confirm_token(token)
        if request.method == "POST":
            subscriber = signup.confirm(subscriber_id, key, topic_keys, frequency)
            return redirect(
                reverse("alerts:manage", args=[manage_token(subscriber)]) + "?confirmed=1"
            )
        subscriber = Subscriber.objects.filter(pk=subscriber_id, key=key).first()
        if subscriber is None:
            raise BadToken("invalid")
    except BadToken as error:
        return bad_link(request, error)
    names = [topics.describe(blog, category) for blog, category in topics.resolve(topic_keys)]
    return TemplateResponse(
        request,
        "alerts/confirm.html",
        {"topics": names, "frequency": frequency_label(frequency), "token": token},
    )


def frequency_label(value):
    return dict(FrequencyForm.base_fields["frequency"].choices).get(value, "")


def subscriber_from(token):
    subscriber_id, key = read_manage_token(token)
    return Subscriber.objects.filter(pk=subscriber_id, key=key).first()


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request, token):
    try:
        subscriber = subscriber_from(token)
    except BadToken as error:
        return bad_link(request, error)
    if subscriber is None:
        return bad_link(request, BadToken("invalid"))
    subscriptions = list(
        subscriber.subscriptions.select_related("blog", "category").order_by("pk")
    )
    errors = []
    if request.method == "POST":
        subscription = next(
            (s for s in subscriptions if str(s.pk) == request.POST.get("subscription")), None
        )
        form = subscription and FrequencyForm(request.POST, prefix=f"s{subscription.pk}")
        if form and form.is_valid():
            if form.cleaned_data["frequency"] == FrequencyForm.STOP:
                Subscription.objects.filter(pk=subscription.pk).delete()
                if not subscriber.subscriptions.exists():
                    Subscriber.objects.filter(pk=subscriber.pk).forget()
                    return redirect("alerts:unsubscribed")
                done = "stopped"
            else:
                Subscription.objects.filter(pk=subscription.pk).update(
                    frequency=form.cleaned_data["frequency"]
                )
                done = "saved"
            return redirect(reverse("alerts:manage", args=[token]) + f"?{done}=1")
        errors.append("Select how often you want emails")
    rows = [
        {
            "subscription": s,
            "name": topics.describe(s.blog, s.category),
            "form": FrequencyForm(initial={"frequency": s.frequency}, prefix=f"s{s.pk}"),
        }
        for s in subscriptions
    ]
    return TemplateResponse(
        request,
        "alerts/manage.html",
        {
            "rows": rows,
            "token": token,
            "errors": errors,
            "choices": FrequencyForm.base_fields["frequency"].choices,
            "confirmed": "confirmed" in request.GET,
            "saved": "saved" in request.GET,
            "stopped": "stopped" in request.GET,
        },
        status=400 if errors else 200,
    )


# nosemgrep: bulletin.csrf-exempt - RFC 8058's one-click POST, authenticated by the signed link
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """Every alert stops, and the address is deleted. Twice is harmless: a valid link for
    an address already gone says it is done."""
    try:
        subscriber_id, key = read_manage_token(token)
    except BadToken as error:
        return bad_link(request, error)
    if request.method == "GET":
        return TemplateResponse(request, "alerts/unsubscribe.html", {"token": token})
    Subscriber.objects.filter(pk=subscriber_id, key=key).forget()
    return redirect("alerts:unsubscribed")


@never_cache
def unsubscribed(request):
    return TemplateResponse(
        request, "alerts/unsubscribed.html", {"title": "You have unsubscribed"}
    )
