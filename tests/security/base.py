"""Shared set-up for the attack tests: two blogs, their people, posts and drafts."""

from django.contrib.auth import get_user_model
from django.test import TestCase

from demo.factories import make_blog, make_home, make_person, make_post
from editorial.roles import ADMINISTRATORS, add_to_blog

PASSWORD = "a-long-enough-test-password"
XSS = '<script>alert("x")</script>" onmouseover="alert(1)'


def make_user(username, *roles, groups=(), **fields):
    """A user with `roles`, pairs of (blog, "writers" or "reviewers"), and site-wide
    `groups` by name."""
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.gov.uk", password=PASSWORD, **fields
    )
    for blog, role in roles:
        add_to_blog(user, blog, role)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


class TwoBlogsTestCase(TestCase):
    """Blog A ("technology") with a writer, a reviewer, a live post and a draft; blog B
    ("marketplace") with its own writer, live post and draft; an Administrator."""

    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.blog = make_blog(cls.home, "Government Technology", slug="technology")
        cls.other_blog = make_blog(cls.home, "Digital Marketplace", slug="marketplace")
        cls.author = make_person("Khidr Suleman")
        cls.writer = make_user("writer", (cls.blog, "writers"))
        cls.second_writer = make_user("second_writer", (cls.blog, "writers"))
        cls.reviewer = make_user("reviewer", (cls.blog, "reviewers"))
        cls.other_writer = make_user("other_writer", (cls.other_blog, "writers"))
        cls.administrator = make_user("administrator", groups=[ADMINISTRATORS])
        body = [("paragraph", "<p>We met in London to talk about open code.</p>")]
        cls.post = make_post(cls.blog, "Live post", authors=[cls.author], body=body)
        cls.other_post = make_post(
            cls.other_blog, "Other live post", authors=[cls.author], body=body
        )
        cls.other_draft = make_post(
            cls.other_blog,
            "Other blog secret draft",
            authors=[cls.author],
            body=body,
            publish=False,
        )
