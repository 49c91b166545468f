"""Signed links. Each names one subscriber and carries its `key`, so a link works for
that subscriber only, and erasing the subscriber (or a new key) voids every earlier link.

- confirm: what the reader asked for (topics, frequency), valid for 7 days; nothing about
  the request is stored until it is confirmed.
- manage: change or stop alerts; it does not expire, as old e-mails must keep working.
"""

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "alerts.confirm"
MANAGE_SALT = "alerts.manage"


class BadToken(Exception):
    """The link is forged, damaged, expired or for a subscriber that has gone."""

    def __init__(self, reason):
        super().__init__(reason)
        self.expired = reason == "expired"


def confirm_token(subscriber, topics, frequency):
    payload = {"s": subscriber.pk, "k": subscriber.key, "t": topics, "f": frequency}
    return signing.dumps(payload, salt=CONFIRM_SALT, compress=True)


def manage_token(subscriber):
    return signing.dumps({"s": subscriber.pk, "k": subscriber.key}, salt=MANAGE_SALT)


def _load(token, salt, max_age=None):
    try:
        payload = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise BadToken("expired") from error
    except signing.BadSignature as error:
        raise BadToken("invalid") from error
    if not isinstance(payload, dict) or not isinstance(payload.get("s"), int):
        raise BadToken("invalid")
    return payload


def read_confirm_token(token):
    """(subscriber id, key, topics, frequency) from a confirmation link."""
    payload = _load(token, CONFIRM_SALT, max_age=settings.ALERTS_CONFIRM_DAYS * 24 * 3600)
    topics = payload.get("t")
    if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
        raise BadToken("invalid")
    return payload["s"], str(payload.get("k")), topics, str(payload.get("f"))


def read_manage_token(token):
    """(subscriber id, key) from a manage or unsubscribe link."""
    payload = _load(token, MANAGE_SALT)
    return payload["s"], str(payload.get("k"))
