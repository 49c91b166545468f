"""The post editor's hooks: one post per opened form, and the editor's script.

Wagtail 8 autosaves the Add form: the first save creates the post and points the form at
the post's edit view. A second request from the same form that was already on its way
(Save clicked while an autosave is in flight, or an autosave sent again after a network
error) would create the post a second time. Each opened form carries a `draft_key`
(posts.forms.PostPageForm); the first request to send it claims the key, and any later
one becomes an edit of the post the first created, so a form never leaves a second draft.
"""

import json
import re
import time

from django.core.cache import cache
from django.db import transaction
from django.http import JsonResponse
from django.templatetags.static import static
from django.urls import resolve, reverse
from django.utils.html import format_html

from wagtail import hooks
from wagtail.admin.utils import set_query_params
from wagtail.models import Page
from wagtail.models.pages import COMMENTS_RELATION_NAME

from posts.drafts import CLAIM_SECONDS, CREATING, KEEP_SECONDS, draft_claim
from posts.models import PostPage

WAIT_SECONDS = 10
POLL_SECONDS = 0.1
# The editor's inline rows: form prefix and relation.
ROWS = {"post_authors": "post_authors", "comments": COMMENTS_RELATION_NAME}


@hooks.register("before_create_page")
def one_post_per_form(request, parent_page, page_class):
    if request.method != "POST" or not issubclass(page_class, PostPage):
        return None
    name = draft_claim(request)
    if name is None or cache.add(name, CREATING, CLAIM_SECONDS):
        return None  # the first request from this form: create the post
    page_id = created_by(name)
    page = Page.objects.filter(pk=page_id, owner=request.user).first() if page_id else None
    if page is None:  # the first create failed, or its post was deleted since
        cache.set(name, CREATING, CLAIM_SECONDS)
        return None
    return edit_instead(request, page)


def created_by(name):
    """The id of the post the claim's first request created, waiting for it to finish."""
    deadline = time.monotonic() + WAIT_SECONDS
    value = cache.get(name)
    while value == CREATING and time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        value = cache.get(name)
    return value if isinstance(value, int) else None


@hooks.register("after_create_page")
def remember_the_post(request, page):
    name = draft_claim(request) if isinstance(page, PostPage) else None
    if name:
        # Once committed (requests are transactions in production): a request waiting for
        # the post must find it.
        transaction.on_commit(lambda: cache.set(name, page.pk, KEEP_SECONDS))


def edit_instead(request, page):
    """Send the create request to the post's edit view (as Bulletin routes it), its rows
    (authors, comments) matched to the ones the first request saved."""
    data = request.POST.copy()
    post = page.specific_deferred
    for prefix, relation in ROWS.items():
        replace_rows(data, prefix, getattr(post, relation).all())
    latest = page.latest_revision
    if not request.accepts("text/html") and latest and latest.user_id == request.user.pk:
        # An autosave: update the autosaved revision rather than add one (as Wagtail's
        # autosave does once the form knows its revision).
        data["overwrite_revision_id"] = str(latest.pk)
    request.POST = data
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    match = resolve(edit_url)
    response = match.func(request, *match.args, **match.kwargs)
    if response.get("Content-Type") != "application/json" or response.status_code != 200:
        return response
    # Answer as the create did, so that a form that never heard back from it (the network
    # failed) moves on to the post's edit view.
    answer = json.loads(response.content)
    answer.pop("html", None)
    answer["url"] = edit_url
    answer["hydrate_url"] = set_query_params(edit_url, {"_w_hydrate_create_view": "1"})
    return JsonResponse(answer)


def replace_rows(data, prefix, existing):
    """Rewrite a create form's inline rows (all new) as an edit form's: the saved rows
    first, deleted, then the submitted ones, so the edit saves exactly what was sent."""
    existing = list(existing)
    if f"{prefix}-TOTAL_FORMS" not in data or not existing:
        return
    total, shift = int(data[f"{prefix}-TOTAL_FORMS"] or 0), len(existing)
    row = re.compile(rf"^{re.escape(prefix)}-(\d+)-(.*)$")
    moved = {}
    for key in list(data.keys()):
        match = row.match(key)
        if match:
            index, rest = match.groups()
            moved[f"{prefix}-{int(index) + shift}-{rest}"] = data.getlist(key)
            del data[key]
    for key, values in moved.items():
        data.setlist(key, values)
    for index, item in enumerate(existing):
        data[f"{prefix}-{index}-id"] = str(item.pk)
        data[f"{prefix}-{index}-DELETE"] = "1"
    data[f"{prefix}-TOTAL_FORMS"] = str(total + shift)
    data[f"{prefix}-INITIAL_FORMS"] = str(shift)


@hooks.register("insert_editor_js")
def editor_js():
    # Enter in a list item adds the next one; a chosen person hides the typed-in fields.
    return format_html('<script src="{}" defer></script>', static("posts/js/editor.js"))
