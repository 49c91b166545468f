"""A small network to search: two blogs, people, categories and posts with known words."""

import datetime

from django.test import TestCase

from demo.factories import (
    make_category,
    make_data_blog,
    make_home,
    make_person,
    make_post,
    make_technology_blog,
)

DAY = datetime.date(2024, 3, 1)


def body_text(*paragraphs):
    return [("paragraph", f"<p>{text}</p>") for text in paragraphs]


class SearchTestCase(TestCase):
    """Blogs `technology` and `data`; posts about open source, security and data."""

    @classmethod
    def setUpTestData(cls):
        home = make_home()
        cls.technology = make_technology_blog(home)
        cls.data = make_data_blog(home)
        cls.ada = make_person("Ada Lovelace", job_title="Analyst", organisation="GDS")
        cls.grace = make_person("Grace Hopper", job_title="Engineer", organisation="MOD")
        cls.open_source = make_category("Open Source")
        cls.security = make_category("Security")
        cls.statistics = make_category("Statistics")
        cls.posts = {}
        cls.add(
            cls.technology,
            "Coding in the open",
            "Why we publish our code.",
            ["Open source code is good for security and for users."],
            authors=[cls.ada],
            categories=[cls.open_source, cls.security],
            date=DAY,
        )
        cls.add(
            cls.technology,
            "Securing our cloud platform",
            "How the platform team works.",
            ["Security reviews happen every sprint. The open plan office helps."],
            authors=[cls.grace],
            categories=[cls.security],
            date=DAY + datetime.timedelta(days=10),
        )
        cls.add(
            cls.data,
            "Open data for everyone",
            "Publishing statistics openly.",
            ["Our source data is open, and security is built in."],
            authors=[cls.ada, cls.grace],
            categories=[cls.open_source, cls.statistics],
            date=DAY + datetime.timedelta(days=20),
        )

    @classmethod
    def add(cls, blog, title, summary, paragraphs, **fields):
        post = make_post(blog, title, summary=summary, body=body_text(*paragraphs), **fields)
        cls.posts[title] = post
        return post
