"""What search engines and social networks read: meta tags, JSON-LD, sitemap, robots."""

import datetime
import json
import re

import pytest

from wagtail.models import PageViewRestriction

from demo import build
from demo.factories import (
    make_category,
    make_image,
    make_person,
    make_post,
    make_standard_page,
    make_technology_blog,
)
from tests.html import soup

DAY = datetime.date(2017, 10, 10)


@pytest.fixture
def blog(home):
    """The blog with its organisation, which the post's metadata names as publisher."""
    return make_technology_blog(home, organisations="Government Digital Service")


@pytest.fixture
def khidr(db):
    return make_person(
        "Khidr Suleman",
        job_title="Technical Writer",
        organisation="Government Digital Service",
        bio="Writes about standards.",
        photo=make_image("Khidr", width=400, height=400, alt_text="Khidr Suleman"),
    )


@pytest.fixture
def post(blog, khidr):
    return make_post(
        blog,
        "Open Source security meetup",
        summary="A recap of the day.",
        date=DAY,
        authors=[khidr, make_person("Anna Shipman")],
        categories=[make_category("Open Source")],
        tags=["meetups"],
        listing_image=make_image("Panel", width=1600, height=900, alt_text="The panel"),
        body=[build.speaker(make_person("Liam Maxwell"), "<p>Liam spoke.</p>")],
    )


def json_ld(page):
    [script] = page.find_all("script", type="application/ld+json")
    return json.loads(script.string)


def meta(head, key):
    tag = head.find("meta", attrs={"property": key}) or head.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


def test_post_is_shared_with_its_listing_image(client, post):
    head = soup(client.get(post.url)).head
    image = meta(head, "og:image")
    assert re.fullmatch(r"http://testserver/media/images/panel[^/]*\.fill-1200x630\.png", image)
    assert (meta(head, "og:image:width"), meta(head, "og:image:height")) == ("1200", "630")
    assert meta(head, "og:image:alt") == "The panel"
    assert meta(head, "twitter:card") == "summary_large_image"


def test_social_image_wins_over_listing_image(client, post):
    post.social_image = make_image("Social", width=1200, height=630)
    post.save_revision().publish()
    assert "/media/images/social" in meta(soup(client.get(post.url)).head, "og:image")


def test_post_describes_itself_as_a_blog_posting(client, post):
    data = json_ld(soup(client.get(post.url)))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == post.title
    assert data["description"] == "A recap of the day."
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": post.full_url}
    assert data["datePublished"].startswith("2017-10-10")
    assert data["dateModified"]
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Khidr Suleman",
            "url": "http://testserver/technology/author/khidr-suleman/",
        },
        {
            "@type": "Person",
            "name": "Anna Shipman",
            "url": "http://testserver/technology/author/anna-shipman/",
        },
    ]
    assert data["publisher"] == {"@type": "Organization", "name": "Government Digital Service"}
    assert re.fullmatch(
        r"http://testserver/media/images/panel[^/]*\.fill-1200x630\.png", data["image"]
    )


def test_json_ld_cannot_close_its_script_element(client, blog):
    post = make_post(blog, "</script><script>alert(1)</script> & <!--", date=DAY)
    html = client.get(post.url).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    assert json.loads(block)["headline"] == "</script><script>alert(1)</script> & <!--"


def test_author_page_describes_the_person(client, post):
    page = soup(client.get("/technology/author/khidr-suleman/"))
    data = json_ld(page)
    assert data["@type"] == "Person"
    assert data["name"] == "Khidr Suleman"
    assert data["jobTitle"] == "Technical Writer"
    assert data["worksFor"] == {"@type": "Organization", "name": "Government Digital Service"}
    assert data["description"] == "Writes about standards."
    assert data["url"] == "http://testserver/technology/author/khidr-suleman/"
    assert data["image"].startswith("http://testserver/media/images/")
    assert "fill-1200x630" in meta(page.head, "og:image")
    assert meta(page.head, "og:title") == "Khidr Suleman"
    assert meta(page.head, "description") == "Writes about standards."


def test_archives_describe_themselves(client, post):
    head = soup(client.get("/technology/category/open-source/")).head
    assert meta(head, "og:title") == "Category: Open Source"
    assert (
        meta(head, "description") == "Posts about Open Source on the Government Technology blog."
    )
    assert head.find("link", rel="canonical")["href"] == (
        "http://testserver/technology/category/open-source/"
    )


def test_sitemap_lists_pages_posts_and_each_archive(client, home, blog, post):
    make_standard_page(home, "About", "<p>About us.</p>")
    other = make_post(blog, "Private", date=DAY, tags=["secret-tag"])
    PageViewRestriction.objects.create(page=other, restriction_type="login")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locations = re.findall(r"<loc>([^<]+)</loc>", response.content.decode())
    base = "http://testserver"
    for path in (
        "/",
        "/about/",
        "/technology/",
        post.url,
        "/technology/category/open-source/",
        "/technology/author/khidr-suleman/",
        "/technology/author/anna-shipman/",
        "/technology/author/liam-maxwell/",  # a speaker
        "/technology/tag/meetups/",
    ):
        assert base + path in locations, path
    assert not [loc for loc in locations if "private" in loc or "secret-tag" in loc]
    assert len(locations) == len(set(locations))
    for location in locations:
        assert client.get(location.removeprefix(base)).status_code == 200, location


def test_robots_txt_points_at_the_sitemap(client, home):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


def test_search_results_are_not_indexed(client, post):
    head = soup(client.get("/search/?q=meetup")).head
    assert meta(head, "robots") == "noindex"
