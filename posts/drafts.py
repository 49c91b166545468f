"""The claim an opened Add form holds on the post it creates (see posts.editor): a key
per form, kept in the cache. Apart from the editor's hooks, so that the form (which the
models import) can release a claim without importing the models back."""

import re

from django.core.cache import cache

DRAFT_KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
CREATING = "creating"
CLAIM_SECONDS = 30  # longer than any create takes; a crashed one is forgotten after this
KEEP_SECONDS = 24 * 60 * 60  # a form left open for a day still edits its own post


def claim_name(user, key):
    return f"posts:new-post:{user.pk}:{key}"


def draft_claim(request):
    key = request.POST.get("draft_key", "")
    return claim_name(request.user, key) if DRAFT_KEY.match(key) else None


def release(user, key):
    """Forget a claim whose create failed (the form was invalid): the form's next request
    creates the post."""
    if user is not None and key and DRAFT_KEY.match(key):
        name = claim_name(user, key)
        if cache.get(name) == CREATING:
            cache.delete(name)
