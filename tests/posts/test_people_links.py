"""Speakers, chairs and panellists link to their person pages on the post's blog, when
readers can see those pages (issue 15, defect 5)."""

import datetime

import pytest

from demo import build
from demo.factories import make_person, make_post
from tests.html import soup

DAY = datetime.date(2017, 10, 10)


@pytest.fixture
def people(db):
    return {
        "speaker": make_person("Liam Maxwell", job_title="National Technology Adviser"),
        "chair": make_person("Anna Shipman"),
        "panellist": make_person("Ahana Datta"),
        "draft": make_person("Nadia Newcomer", live=False),
    }


@pytest.fixture
def post(blog, people):
    return make_post(
        blog,
        "Open Source security meetup",
        date=DAY,
        body=[
            build.speaker(people["speaker"], "<p>Liam spoke.</p>"),
            (
                "panel",
                {
                    "title": "",
                    "chair": build.person(people["chair"]),
                    "panellists": [
                        build.person(people["panellist"]),
                        build.person(people["draft"]),
                        build.person(name="Jenny Duckett", job_title="Senior Developer"),
                    ],
                    "write_up": "<p>The panel.</p>",
                },
            ),
        ],
    )


def links(html, selector):
    return {a.get_text(strip=True): a["href"] for a in html.select(f"{selector} a")}


def test_people_in_the_body_link_to_their_pages(client, post):
    page = soup(client.get(post.url))
    assert links(page, ".bulletin-speaker") == {"Liam Maxwell": "/technology/author/liam-maxwell/"}
    assert links(page, ".bulletin-panel") == {
        "Anna Shipman": "/technology/author/anna-shipman/",
        "Ahana Datta": "/technology/author/ahana-datta/",
    }
    # A person not yet published, or typed in, has no page: their name only.
    panel = " ".join(page.select_one(".bulletin-panel").get_text().split())
    assert "Nadia Newcomer" in panel and "Jenny Duckett, Senior Developer" in panel
    # Each page exists and lists the talk.
    hrefs = [*links(page, ".bulletin-speaker").values(), *links(page, ".bulletin-panel").values()]
    for href in hrefs:
        response = client.get(href)
        assert response.status_code == 200, href
        assert "Open Source security meetup" in response.content.decode()


def test_feeds_link_them_absolutely(client, post):
    content = client.get("/technology/feed/atom/").content.decode()
    assert "http://testserver/technology/author/liam-maxwell/" in content


def test_a_person_unpublished_later_loses_the_link(client, post, people):
    people["speaker"].unpublish()
    page = soup(client.get(post.url))
    assert links(page, ".bulletin-speaker") == {}
    assert "Liam Maxwell" in page.select_one(".bulletin-speaker").get_text()
