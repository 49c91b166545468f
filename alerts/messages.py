"""The e-mails: confirmation, a post's alert and a digest. Plain text and HTML; the HTML
gives the post's summary and a link, never the whole post.

An alert's parts are rendered once per post with placeholders, then filled in for each
subscriber (its own manage and unsubscribe links): a fan-out to 100,000 addresses must not
render 200,000 templates."""

from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape

from home.addresses import public_url
from home.models import NetworkSettings

from .tokens import confirm_token, manage_token

MANAGE = "@@MANAGE_URL@@"
UNSUBSCRIBE = "@@UNSUBSCRIBE_URL@@"


@dataclass
class Message:
    """One e-mail to one address, ready for any delivery backend."""

    to: str
    subject: str
    text: str
    html: str
    headers: dict = field(default_factory=dict)
    # Set for alerts and digests, for the Notify backend's one-click unsubscribe.
    unsubscribe_url: str = ""
    # What the message is and to which subscriber (ids, never the address): Notify's
    # `reference`, shown on its dashboard and in its delivery receipts.
    reference: str = ""


def absolute(path):
    return public_url(path)


def manage_url(subscriber, token=None):
    return absolute(reverse("alerts:manage", args=[token or manage_token(subscriber)]))


def unsubscribe_url(subscriber, token=None):
    return absolute(reverse("alerts:unsubscribe", args=[token or manage_token(subscriber)]))


def network_name():
    return NetworkSettings.load().network_name


def confirmation(subscriber, topic_names, topics, frequency):
    url = absolute(reverse("alerts:confirm", args=[confirm_token(subscriber, topics, frequency)]))
    context = {
        "url": url,
        "topics": topic_names,
        "days": settings.ALERTS_CONFIRM_DAYS,
        "network_name": network_name(),
    }
    return Message(
        to=subscriber.email,
        subject=f"Confirm your email alerts from {context['network_name']}",
        text=render_to_string("alerts/email/confirm.txt", context),
        html=render_to_string("alerts/email/confirm.html", context),
        reference=f"confirm-s{subscriber.pk}",
    )


class Template:
    """An alert or digest rendered once, filled in per subscriber."""

    def __init__(self, subject, name, context, reference=""):
        context = {
            **context,
            "manage_url": MANAGE,
            "unsubscribe_url": UNSUBSCRIBE,
            "network_name": network_name(),
        }
        self.subject = subject
        self.reference = reference
        self.text = render_to_string(f"alerts/email/{name}.txt", context)
        self.html = render_to_string(f"alerts/email/{name}.html", context)

    def for_subscriber(self, subscriber):
        token = manage_token(subscriber)  # signed once for both links
        manage, unsubscribe = manage_url(subscriber, token), unsubscribe_url(subscriber, token)
        return Message(
            to=subscriber.email,
            subject=self.subject,
            text=self.text.replace(MANAGE, manage).replace(UNSUBSCRIBE, unsubscribe),
            html=self.html.replace(MANAGE, escape(manage)).replace(
                UNSUBSCRIBE, escape(unsubscribe)
            ),
            # RFC 8058: a mail client may unsubscribe with one POST to this address.
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
            unsubscribe_url=unsubscribe,
            reference=f"{self.reference}-s{subscriber.pk}",
        )


def post_url(post):
    url = post.get_url() or ""
    return absolute(url) if url.startswith("/") else url


def post_context(post):
    blog = post.blog
    return {
        "title": post.title,
        "summary": post.summary,
        "date": post.date,
        "url": post_url(post),
        "blog_title": blog.title if blog else "",
    }


def alert_template(post):
    return Template(post.title, "alert", {"post": post_context(post)}, f"alert-p{post.pk}")


def digest_template(frequency, posts):
    period = "today" if frequency == "daily" else "this week"
    count = len(posts)
    subject = f"{count} new post{'s' if count != 1 else ''} {period}"
    return Template(
        subject,
        "digest",
        {"posts": [post_context(p) for p in posts], "period": period},
        f"digest-{frequency}",
    )
