"""The comment form's target: /comments/post/<id>/ (posts are not routable pages, and a
view of its own keeps the defences in one place).

Success answers 303 to the post with ?comment=received#comments ("awaiting moderation");
an error shows the post again with the reader's text, the GOV.UK error summary and inline
errors (400); the rest is a short page of its own: 403 closed or sent from another site,
404 no such post, 413 too large, 429 too many. Nothing is stored unless the comment is accepted.
"""

from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.http.request import RawPostDataException
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from posts.models import PostPage

from . import defences
from .display import blog_settings, comments_open
from .forms import NOT_SENT, CommentForm
from .models import BODY_MAX_LENGTH, ReaderComment

# A comment of BODY_MAX_LENGTH four-byte characters, percent-encoded, with the other fields: the
# largest honest request is under 64 KB. Anything larger is refused before it is read.
MAX_REQUEST_BYTES = 100 * 1024
RECEIVED = "received"


def problem(request, status, title, message, post=None, headers=None):
    response = TemplateResponse(
        request,
        "comments/problem.html",
        {"title": title, "message": message, "post": post},
        status=status,
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def render_post(request, post, form):
    """The post page again, with the form and its errors (the title says "Error:")."""
    context = post.get_context(request)
    context["comment_form"] = form
    return TemplateResponse(request, post.get_template(request), context, status=400)


# nosemgrep: bulletin.csrf-exempt - cached form: defences.from_this_site and the signed token
@csrf_exempt
@require_POST
def post_comment(request, post_id):
    if not defences.from_this_site(request):
        return problem(
            request,
            403,
            "Your comment was not sent",
            "Comments can only be sent from the comment form on this website.",
        )
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = MAX_REQUEST_BYTES + 1
    if length > MAX_REQUEST_BYTES:
        return problem(
            request,
            413,
            "Your comment is too long",
            f"A comment must be {BODY_MAX_LENGTH:,} characters or fewer. "
            "Go back, shorten it and send it again.",
        )
    if not is_utf8(request):
        return problem(
            request,
            400,
            "Your comment could not be read",
            "Your comment was sent in a form we could not read. Go back and send it again.",
        )
    post = PostPage.objects.for_readers().filter(pk=post_id).first()
    if post is None:
        raise Http404("No such post")
    if not comments_open(post, blog_settings(post.blog, request)):
        return problem(
            request,
            403,
            "Comments are closed",
            "This post no longer takes comments. You can still read the comments it has.",
            post,
        )
    if defences.over_rate_limit(request):
        window = int(settings.COMMENTS_RATE_LIMIT["window_seconds"])
        return problem(
            request,
            429,
            "You have sent too many comments",
            f"You have sent too many comments in a short time. Wait {max(1, window // 60)} "
            "minutes, then try again.",
            post,
            headers={"Retry-After": str(window)},
        )
    form = CommentForm(request.POST, post=post)
    if form.is_valid():
        if defences.claim_token(form.nonce, defences.client_address(request)):
            save_comment(request, post, form.cleaned_data)
            response = HttpResponseRedirect(f"{post.get_url(request)}?comment={RECEIVED}#comments")
            response.status_code = 303
            return response
        form.add_error("body", NOT_SENT)  # the same form sent twice
    form.refresh_token()
    return render_post(request, post, form)


def is_utf8(request):
    """Whether a form body decodes as UTF-8 (the form's own encoding). Django would read
    stray bytes as Latin-1 and store them; percent-encoded ones become U+FFFD, which the
    form refuses."""
    if request.content_type != "application/x-www-form-urlencoded":
        return True
    try:
        request.body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    except RawPostDataException:  # already read as a stream: nothing to check
        return True
    return True


@transaction.atomic
def save_comment(request, post, data):
    reason = defences.spam_reason(post, data["name"], data["body"])
    return ReaderComment.objects.create(
        post=post,
        parent=data["parent"],
        name=data["name"],
        email=data["email"],
        body=data["body"],
        notify_on_publish=data["notify_on_publish"],
        ip_address=defences.client_address(request),
        status=ReaderComment.Status.SPAM if reason else ReaderComment.Status.PENDING,
        spam_reason=reason,
    )
