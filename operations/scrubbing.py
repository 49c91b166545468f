"""What never leaves in a log line or an error report: passwords, tokens, e-mail addresses
and comment bodies. Used by the logs' processor (settings/logging.py) and by Sentry's
before_send (operations.errors). Plain Python: settings import it before Django is set up.
"""

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

SCRUBBED = "[scrubbed]"

# Keys whose values are dropped whole, wherever they appear (form fields, headers, log
# arguments, Sentry's extra data): compared lower-cased, '-' read as '_'.
SENSITIVE_KEYS = frozenset(
    {
        "password",
        "password1",
        "password2",
        "old_password",
        "new_password1",
        "new_password2",
        "passwd",
        "secret",
        "secret_key",
        "token",
        "otp_token",
        "key",
        "api_key",
        "apikey",
        "authorization",
        "proxy_authorization",
        "cookie",
        "set_cookie",
        "http_cookie",
        "http_authorization",
        "sessionid",
        "csrftoken",
        "csrfmiddlewaretoken",
        "x_csrftoken",
        "http_x_csrftoken",
        "email",
        "email_address",
        "to",
        "body",
        "comment",
        "comment_body",
        "signature",
        "sig",
        "dsn",
        "database_url",
        "email_url",
        "notify_api_key",
    }
)

# Bounded as addresses are (64 characters before the @, 63 a label): unbounded, a long run of
# word characters with no @ (a 100 KB search query) made the search quadratic.
EMAIL = re.compile(r"[\w.%+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")

# URL paths that carry a token (alerts' links, Wagtail's password reset): the token goes.
TOKEN_PATHS = [
    re.compile(r"(/alerts/(?:confirm|manage|unsubscribe)/)[^/?#\s\"']+"),
    re.compile(r"(/password_reset/confirm/)[^/?#\s\"']+/[^/?#\s\"']+"),
]
# A query string inside any text: its sensitive parameters' values go.
QUERY = re.compile(r"\?[^\s#\"']+")


def is_sensitive(key):
    return str(key).lower().replace("-", "_") in SENSITIVE_KEYS


def scrub_query(query):
    pairs = parse_qsl(query, keep_blank_values=True)
    if not pairs:
        return query
    return urlencode(
        [(k, SCRUBBED if is_sensitive(k) else scrub_plain(v)) for k, v in pairs], safe="[]"
    )


def scrub_plain(text):
    """Path tokens and addresses out of text that is not a URL's query (or is one decoded)."""
    for pattern in TOKEN_PATHS:
        text = pattern.sub(r"\1[token]", text)
    return EMAIL.sub("[email]", text)


def scrub_text(text):
    """Addresses, path tokens and sensitive query parameters out of any text."""
    return scrub_plain(QUERY.sub(lambda m: "?" + scrub_query(m.group(0)[1:]), text))


def scrub_url(url):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(query=scrub_query(parts.query), fragment=""))


def scrub(value, depth=0):
    """A copy of `value` (dicts, lists, strings) with everything sensitive taken out."""
    if depth > 20:
        return value
    if isinstance(value, dict):
        return {
            k: (SCRUBBED if is_sensitive(k) and v not in (None, "") else scrub(v, depth + 1))
            for k, v in value.items()
        }
    if isinstance(value, (list, tuple)):
        # Sentry sends headers and form data as [name, value] pairs.
        if len(value) == 2 and isinstance(value[0], str) and is_sensitive(value[0]):
            return type(value)([value[0], SCRUBBED])
        return type(value)(scrub(v, depth + 1) for v in value)
    if isinstance(value, str):
        return scrub_text(value)
    return value


PLAIN = (str, int, float, bool, type(None), dict, list, tuple)


def processor(logger, method_name, event_dict):
    """structlog processor: the event, scrubbed. Other objects (a request passed as a log
    record's extra) are written as their text, scrubbed too, never as their repr."""
    return scrub({k: v if isinstance(v, PLAIN) else str(v) for k, v in event_dict.items()})
