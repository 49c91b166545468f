"""Shared set-up for the comments tests: two blogs with open posts, their people, and
helpers that post the comment form as a browser would."""

import datetime
import secrets
import time

from django.core import signing
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from comments import defences
from comments.models import ReaderComment
from demo.factories import (
    make_data_blog,
    make_home,
    make_person,
    make_post,
    make_technology_blog,
    make_user,
)

Status = ReaderComment.Status


def token(post, age=10, nonce=None):
    """A form token as the page would have made it `age` seconds ago."""
    payload = {
        "post": post.pk,
        "nonce": nonce or secrets.token_urlsafe(9),
        "at": time.time() - age,
    }
    return signing.dumps(payload, salt=defences.FORM_SALT)


def form_data(post, **fields):
    data = {
        "body": "A thoughtful comment about open code.",
        "name": "Ada Reader",
        "email": "ada@example.com",
        "token": token(post),
        "website": "",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def add_comment(post, status=Status.APPROVED, **fields):
    fields.setdefault("name", "Grace Reader")
    fields.setdefault("email", "grace@example.com")
    fields.setdefault("body", f"Comment number {ReaderComment.objects.count() + 1}.")
    return ReaderComment.objects.create(post=post, status=status, **fields)


class CommentsTestCase(TestCase):
    """`technology` (comments never close) and `data` (close after 30 days), each with a
    post published today; a Writer, each blog's reviewer, an Administrator."""

    @classmethod
    def setUpTestData(cls):
        home = make_home()
        cls.technology = make_technology_blog(home, comments={"comments_close_after_days": None})
        cls.data = make_data_blog(home, comments={"comments_close_after_days": 30})
        cls.author = make_person("Khidr Suleman")
        today = timezone.localdate()
        cls.post = make_post(
            cls.technology, "Coding in the open", authors=[cls.author], date=today
        )
        cls.data_post = make_post(cls.data, "Open data", authors=[cls.author], date=today)
        cls.old_data_post = make_post(
            cls.data,
            "An old post",
            authors=[cls.author],
            date=today - datetime.timedelta(days=31),
        )
        cls.writer = make_user("writer", (cls.technology, "writers"))
        cls.reviewer = make_user("reviewer", (cls.technology, "reviewers"))
        cls.second_reviewer = make_user("second_reviewer", (cls.technology, "reviewers"))
        cls.data_reviewer = make_user("data_reviewer", (cls.data, "reviewers"))

    def comment_url(self, post=None):
        return reverse("comment_post", args=[(post or self.post).pk])

    def send(self, post=None, address="192.0.2.1", **fields):
        post = post or self.post
        return self.client.post(
            self.comment_url(post), form_data(post, **fields), REMOTE_ADDR=address
        )
