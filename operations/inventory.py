"""What a restore must give back: the row counts, and the seed post as readers see it."""

import re

from django.apps import apps
from django.test import Client

# (label, model): the rows a restore drill compares. Looked up by name so that this app
# imports no content app.
COUNTED = [
    ("pages", "wagtailcore.Page"),
    ("revisions", "wagtailcore.Revision"),
    ("people", "posts.Person"),
    ("comments", "comments.ReaderComment"),
    ("subscribers", "alerts.Subscriber"),
    ("redirects", "wagtailredirects.Redirect"),
    ("images", "images.BulletinImage"),
    ("documents", "wagtaildocs.Document"),
    ("users", "accounts.User"),
]

# Parts of a page that differ on every response: the CSP nonce, the CSRF token and the
# comment form's signed, timed token.
VOLATILE = [
    (re.compile(r'nonce="[^"]*"'), 'nonce=""'),
    (re.compile(r'name="(csrfmiddlewaretoken|token)" value="[^"]*"'), r'name="\1" value=""'),
]


def counts():
    return {label: apps.get_model(name).objects.count() for label, name in COUNTED}


def seed_post():
    """The oldest live post: the demo's seed post."""
    PostPage = apps.get_model("posts.PostPage")
    return PostPage.objects.live().order_by("first_published_at", "pk").first()


def rendered(url):
    """The page at `url` as a reader gets it, without what changes between responses."""
    response = Client().get(url, follow=True)
    html = response.content.decode()
    for pattern, replacement in VOLATILE:
        html = pattern.sub(replacement, html)
    return response.status_code, html
