"""Shared set-up for the attack tests: two blogs, their people, posts and drafts."""

from django.test import TestCase

from demo.factories import make_blog, make_home, make_person, make_post, make_user
from security.groups import ADMINISTRATORS

XSS = '<script>alert("x")</script>" onmouseover="alert(1)'


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
