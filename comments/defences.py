"""Abuse defences for the comment form: the signed form token (minimum fill time, no
replays), rate limits per address and per network in the cache, blocked words and
duplicates. The honeypot is a form field (comments.forms)."""

import ipaddress
import re
import secrets
import time
from datetime import timedelta
from functools import lru_cache

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils import timezone

from contentcache import content
from security import network
from security.network import client_ip

from .models import ReaderComment, body_digest

FORM_SALT = "comments.form"
# A form older than this is refused (and offered again): a day is long enough to write in.
TOKEN_MAX_AGE = 24 * 60 * 60
CROSS_POST_WINDOW = timedelta(days=1)


class TokenError(Exception):
    """The form's token is missing, forged, expired, too fresh or already used."""


# The form token ----------------------------------------------------------------------


# A hole in a post's page kept whole: each reader's form gets a token of its own.
@content.per_request("comment-token")
def make_token(post_id):
    """A signed note of when the form for `post_id` was rendered, with a one-off nonce."""
    payload = {"post": post_id, "nonce": secrets.token_urlsafe(12), "at": time.time()}
    return signing.dumps(payload, salt=FORM_SALT)


def read_token(token, post_id):
    """The token's nonce, if it was made for this post, long enough ago and not too long."""
    try:
        payload = signing.loads(token or "", salt=FORM_SALT, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired as error:
        raise TokenError("expired") from error
    except signing.BadSignature as error:
        raise TokenError("invalid") from error
    if not isinstance(payload, dict) or payload.get("post") != post_id:
        raise TokenError("invalid")
    age = time.time() - float(payload.get("at", 0))
    if age > TOKEN_MAX_AGE:
        raise TokenError("expired")
    if age < settings.COMMENTS_MIN_FILL_SECONDS:
        raise TokenError("too fast")
    return str(payload.get("nonce", ""))


def claim_token(nonce, address=None):
    """Mark the token used by this address; False if it was used from there before. The
    page, and the token in its form, may come from the page cache or a CDN, the same for
    every reader: each address may use it once. A cache outage lets it through
    (django-redis answers None) rather than refusing every comment."""
    key = f"comments:token:{nonce}:{address or 'unknown'}"
    return cache.add(key, 1, timeout=TOKEN_MAX_AGE) is not False


# Cross-site posting ---------------------------------------------------------------------


def from_this_site(request):
    """Whether a browser sent the form from this site's own pages.

    The comment form carries no CSRF cookie or token (the page is the same for every reader
    and cached), so this takes the place of Django's check: a browser says where a POST
    comes from in Sec-Fetch-Site and Origin (every current browser sends Origin with a POST;
    older ones a Referer). Another site's page cannot make a reader's browser post a
    comment. A client that sends none of them is no browser, so no reader's browser is
    being used, and it still needs a signed token and meets the rate limits."""
    meta = request.META
    fetch_site = meta.get("HTTP_SEC_FETCH_SITE")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return False
    ours = {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}
    origin = meta.get("HTTP_ORIGIN")
    if origin is not None:
        return origin in ours
    referer = meta.get("HTTP_REFERER")
    if referer is not None:
        return any(referer == site or referer.startswith(f"{site}/") for site in ours)
    return True


# Rate limits --------------------------------------------------------------------------


def client_address(request):
    """The client's address for storing, or None if it is not one (a forged header)."""
    address = client_ip(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def over_rate_limit(request):
    """Count this attempt; True if the client's address or network used up its limit."""
    return network.over_rate_limit(request, "comments", settings.COMMENTS_RATE_LIMIT)


# Content ------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _blocked_pattern(words):
    alternatives = "|".join(re.escape(word.casefold()) for word in words if word.strip())
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)") if alternatives else None


def has_blocked_word(*texts):
    pattern = _blocked_pattern(tuple(settings.COMMENTS_BLOCKED_WORDS))
    return bool(pattern) and any(pattern.search(text.casefold()) for text in texts)


def is_duplicate(post, body):
    """The same text (case and spacing aside) is already on this post: waiting,
    published or held as spam."""
    return (
        ReaderComment.objects.filter(post=post, digest=body_digest(body))
        .exclude(status=ReaderComment.Status.REJECTED)
        .exists()
    )


def spam_reason(post, name, body):
    """Why a new comment should be held as spam, or "" to hold it for moderation."""
    if has_blocked_word(name, body):
        return "Contains a blocked word"
    since = timezone.now() - CROSS_POST_WINDOW
    elsewhere = ReaderComment.objects.filter(digest=body_digest(body), created_at__gte=since)
    if elsewhere.exclude(post=post).exists():
        return "The same text was posted on another post"
    return ""
