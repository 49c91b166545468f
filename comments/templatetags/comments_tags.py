"""Template tags through which posts' pages and listings show reader comments without the
posts app knowing about them: {% reader_comments page %} on a post, and
{% approved_comment_counts posts as counts %} with `counts|count_for:post` in listings."""

import re

from django import template
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from home.models import NetworkSettings

from ..display import blog_settings, closing_date, comments_open, threads
from ..forms import CommentForm
from ..models import BODY_MAX_LENGTH, ReaderComment
from ..views import RECEIVED

register = template.Library()

BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _find(comments, comment_id):
    wanted = str(comment_id or "")
    return next((comment for comment in comments if str(comment.pk) == wanted), None)


def _url(page, request):
    return page.get_url(request) if page is not None and page.live else None


@register.inclusion_tag("comments/comments.html", takes_context=True)
def reader_comments(context, post):
    """The post's published comments, then the form (or why there is none)."""
    request = context.get("request")
    if post.pk is None:  # the preview of a post not yet saved
        return {"post": post, "comments": [], "count": 0, "form": None, "unpublished": True}
    blog = context.get("blog") or post.blog
    shown = threads(post)
    settings = blog_settings(blog, request)
    is_open = comments_open(post, settings)
    form = context.get("comment_form")
    if form is not None:
        reply_to = _find(shown, form.data.get("parent"))
    else:
        reply_to = _find(shown, request.GET.get("reply_to") if request else None)
        if is_open:
            form = CommentForm(post=post, initial={"parent": reply_to.pk if reply_to else None})
    network = NetworkSettings.load(request_or_site=request)
    return {
        "post": post,
        "comments": shown,
        "count": len(shown) + sum(len(comment.shown_replies) for comment in shown),
        "unpublished": not post.live,
        "closed_on": None if is_open else closing_date(post, settings),
        "form": form if is_open else None,
        "errors": form.error_list() if is_open and form.is_bound else [],
        "reply_to": reply_to,
        "received": request is not None and request.GET.get("comment") == RECEIVED,
        "action": reverse("comment_post", args=[post.pk]),
        "max_length": BODY_MAX_LENGTH,
        "max_length_text": f"{BODY_MAX_LENGTH:,}",
        "privacy_url": _url(network.privacy_page, request),
        "policy_url": _url(network.comments_policy_page, request),
        "request": request,
    }


@register.simple_tag
def approved_comment_counts(posts):
    """{post id: published comments} for a list (or page) of posts, in one query."""
    return ReaderComment.objects.counts_for([post.pk for post in posts])


@register.filter
def count_for(counts, post):
    return (counts or {}).get(getattr(post, "pk", None), 0)


@register.filter
def comment_paragraphs(text):
    """A comment's plain text as GOV.UK paragraphs: blank lines part paragraphs, single
    line breaks stay; everything escaped, and addresses left as text, not links."""
    paragraphs = [part.strip("\n") for part in BLANK_LINE.split(text.strip()) if part.strip()]
    return format_html_join(
        "",
        '<p class="govuk-body bulletin-comment__text">{}</p>',
        (
            (format_html_join(mark_safe("<br>"), "{}", ((line,) for line in part.split("\n"))),)
            for part in paragraphs
        ),
    )
