"""Archives: a person's page lists what they wrote and where they spoke; /all-posts/."""

import datetime

import pytest

from wagtail.models import PageViewRestriction

from demo import build
from demo.factories import make_category, make_person, make_post
from tests.html import assert_csp_safe, soup

DAY = datetime.date(2020, 1, 1)


@pytest.fixture
def writer(db):
    return make_person("Khidr Suleman", job_title="Technical Writer")


@pytest.fixture
def speaker(db):
    return make_person(
        "Liam Maxwell",
        job_title="National Technology Advisor",
        organisation="Government Digital Service",
        bio="Advises government on technology.",
    )


def talk(blog, title, who, writer, days=0, **fields):
    return make_post(
        blog,
        title,
        date=DAY + datetime.timedelta(days=days),
        authors=[writer],
        body=[build.speaker(who, "<p>A talk.</p>", talk_title=f"Talk: {title}")],
        **fields,
    )


def card_titles(response):
    return [a.get_text(strip=True) for a in soup(response).select("main .bulletin-card__title a")]


def test_a_person_who_only_spoke_has_a_page_listing_their_talks(client, blog, writer, speaker):
    talk(blog, "The meetup", speaker, writer)
    response = client.get("/technology/author/liam-maxwell/")
    assert response.status_code == 200
    page = soup(response)
    assert page.h1.get_text(strip=True) == "Liam Maxwell"
    person = page.select_one(".bulletin-person").get_text(" ", strip=True)
    assert "National Technology Advisor, Government Digital Service" in person
    assert "Advises government on technology." in person
    assert card_titles(response) == ["The meetup"]
    assert page.select_one(".bulletin-card .govuk-tag").get_text(strip=True) == "Speaker"
    assert page.select_one(".bulletin-count").get_text(strip=True) == "1 post"
    assert_csp_safe(page)


def test_a_person_page_lists_posts_talks_and_panels_newest_first(client, blog, writer, speaker):
    make_post(blog, "Written", date=DAY, authors=[speaker])
    talk(blog, "Spoke", speaker, writer, days=1)
    make_post(
        blog,
        "Chaired",
        date=DAY + datetime.timedelta(days=2),
        authors=[writer],
        body=[build.panel([writer], "<p>A panel.</p>", chair=speaker)],
    )
    make_post(
        blog,
        "Sat on a panel",
        date=DAY + datetime.timedelta(days=3),
        authors=[writer],
        body=[build.panel([speaker, writer], "<p>A panel.</p>")],
    )
    response = client.get("/technology/author/liam-maxwell/")
    assert card_titles(response) == ["Sat on a panel", "Chaired", "Spoke", "Written"]
    roles = {
        card.select_one(".bulletin-card__title").get_text(strip=True): [
            tag.get_text(strip=True) for tag in card.select(".govuk-tag")
        ]
        for card in soup(response).select("main .bulletin-card")
    }
    assert roles == {
        "Sat on a panel": ["Panellist"],
        "Chaired": ["Panel chair"],
        "Spoke": ["Speaker"],
        "Written": [],
    }


def test_a_person_page_shows_only_live_public_posts_of_this_blog(
    client, home, blog, other_blog, writer, speaker
):
    talk(blog, "Live", speaker, writer)
    talk(blog, "Draft", speaker, writer, publish=False)
    talk(other_blog, "Other blog", speaker, writer)
    private = talk(blog, "Private", speaker, writer)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    unpublished = talk(blog, "Unpublished", speaker, writer)
    unpublished.unpublish()
    assert card_titles(client.get("/technology/author/liam-maxwell/")) == ["Live"]
    assert card_titles(client.get("/data/author/liam-maxwell/")) == ["Other blog"]


def test_a_draft_change_does_not_change_where_someone_appears(client, blog, writer, speaker):
    post = talk(blog, "The meetup", speaker, writer)
    post.body = [build.paragraph("<p>No speakers any more.</p>")]
    post.save_revision()  # a draft: the live post still has the talk
    assert card_titles(client.get("/technology/author/liam-maxwell/")) == ["The meetup"]
    post.get_latest_revision().publish()
    assert client.get("/technology/author/liam-maxwell/").status_code == 404


def test_person_archive_is_paginated(client, blog, writer, speaker):
    for n in range(11):
        talk(blog, f"Talk {n}", speaker, writer, days=n)
    first = client.get("/technology/author/liam-maxwell/")
    assert len(card_titles(first)) == 10
    assert soup(first).select_one(".bulletin-count").get_text(strip=True) == "11 posts"
    assert card_titles(client.get("/technology/author/liam-maxwell/?page=2")) == ["Talk 0"]
    assert client.get("/technology/author/liam-maxwell/?page=3").status_code == 404


@pytest.mark.parametrize(
    "query", ["?page=0", "?page=-1", "?page=abc", "?page=1.5", "?page=99999999999999999999"]
)
def test_malformed_page_numbers_are_404_never_500(client, blog, writer, query):
    make_category("Open Source")
    make_post(blog, "A post", date=DAY, authors=[writer], tags=["meetups"])
    for url in (
        "/technology/",
        "/technology/author/khidr-suleman/",
        "/technology/tag/meetups/",
        "/technology/2020/",
        "/all-posts/",
    ):
        assert client.get(url + query).status_code == 404, url


def test_date_archive_does_not_accept_impossible_dates(client, blog, writer):
    make_post(blog, "A post", date=DAY, authors=[writer])
    for url in ("/technology/0000/", "/technology/2020/00/", "/technology/2020/01/32/"):
        assert client.get(url).status_code == 404


# /all-posts/


def test_all_posts_lists_every_blog_newest_first(client, blog, other_blog, writer):
    make_post(blog, "Older", date=DAY, authors=[writer])
    make_post(other_blog, "Newer", date=DAY + datetime.timedelta(days=1), authors=[writer])
    make_post(blog, "Draft", date=DAY, authors=[writer], publish=False)
    response = client.get("/all-posts/")
    assert response.status_code == 200
    page = soup(response)
    assert page.h1.get_text(strip=True) == "All posts"
    assert page.select_one(".govuk-header") and page.select_one("footer")
    assert card_titles(response) == ["Newer", "Older"]
    assert [p.get_text(strip=True) for p in page.select(".bulletin-card__blog")] == [
        "Data in government",
        "Government Technology",
    ]
    assert page.select_one(".bulletin-byline a")["href"] == "/data/author/khidr-suleman/"
    assert page.select_one('link[rel="canonical"]')["href"] == "http://testserver/all-posts/"
    assert page.head.title.get_text() == "All posts - GOV.UK blogs"
    assert_csp_safe(page)


def test_all_posts_is_paginated(client, blog, writer):
    for n in range(11):
        make_post(blog, f"Post {n}", date=DAY + datetime.timedelta(days=n), authors=[writer])
    assert len(card_titles(client.get("/all-posts/"))) == 10
    second = client.get("/all-posts/?page=2")
    assert card_titles(second) == ["Post 0"]
    assert soup(second).select_one('meta[name="robots"]')["content"] == "noindex"
    assert client.get("/all-posts/?page=3").status_code == 404
    assert client.post("/all-posts/").status_code == 405
