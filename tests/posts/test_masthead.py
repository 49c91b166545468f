"""The blog's masthead: its name (and logo) on every page of the blog, and a search box
that searches that blog."""

import datetime

import pytest

from demo.factories import make_blog, make_category, make_image, make_person, make_post
from tests.html import assert_csp_safe, soup

DAY = datetime.date(2017, 10, 10)


@pytest.fixture
def post(blog):
    return make_post(
        blog,
        "Open Source security meetup",
        date=DAY,
        authors=[make_person("Khidr Suleman")],
        categories=[make_category("Open Source")],
        tags=["meetups"],
    )


def blog_pages(post):
    return [
        "/technology/",
        post.url,
        "/technology/category/open-source/",
        "/technology/tag/meetups/",
        "/technology/author/khidr-suleman/",
        "/technology/2017/",
        "/technology/2017/10/",
        "/technology/2017/10/10/",
    ]


def masthead(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    page = soup(response)
    assert_csp_safe(page)
    return page.select_one("header .bulletin-masthead")


def test_every_page_of_the_blog_names_it(client, post):
    for url in blog_pages(post):
        top = masthead(client, url)
        name = top.select_one(".bulletin-masthead__name a")
        assert name.get_text(strip=True) == "Government Technology", url
        assert name["href"] == "/technology/"
        assert not top.select("img"), "no logo set, none shown"


def test_the_logo_is_shown_with_the_blogs_name_for_alt_text(client, blog, post):
    assert not masthead(client, post.url).select("img")  # cached: publishing replaces it
    blog.logo = make_image("Technology logo", width=160, height=160, alt_text="A diagram")
    blog.save_revision().publish()
    for url in blog_pages(post):
        logo = masthead(client, url).select_one("img.bulletin-masthead__logo")
        assert logo["alt"] == "Government Technology", url
        assert logo["height"] == "80"
        assert logo["src"].startswith("/media/images/")


def test_an_unpublished_logo_change_is_not_shown(client, blog, post):
    blog.logo = make_image("Draft logo", width=160, height=160)
    blog.save_revision()  # a draft of the blog: readers keep the published one
    assert not masthead(client, "/technology/").select("img")


def test_the_network_pages_have_no_blog_masthead(client, post, other_blog):
    for url in ("/", "/all-posts/"):
        top = masthead(client, url)
        assert not top.select(".bulletin-masthead__name"), url


def test_the_masthead_box_searches_the_blog(client, post):
    for url in blog_pages(post):
        form = masthead(client, url).select_one('form[role="search"]')
        assert form["action"] == "/search/" and form["method"] == "get"
        label = form.label
        assert label.get_text(strip=True) == "Search Government Technology", url
        assert "govuk-visually-hidden" not in label["class"]  # the box says what it searches
        box = form.find(id=label["for"])
        assert box["name"] == "q" and box["type"] == "search"
        assert form.select_one('input[type="hidden"][name="blog"]')["value"] == "technology"


def test_the_network_box_searches_every_blog(client, post):
    form = masthead(client, "/").select_one('form[role="search"]')
    assert form.label.get_text(strip=True) == "Search all blogs"
    assert not form.select('input[name="blog"]')


def test_the_masthead_box_and_the_network_box_are_the_same_box(client, post):
    # Scripts that enhance the header's box (the autocomplete) find the blog's box alike.
    network = masthead(client, "/").select_one('form[role="search"] input[name="q"]')
    blog = masthead(client, post.url).select_one('form[role="search"] input[name="q"]')
    # The same box, but a blog's suggestions keep to that blog, as its search does.
    suggest = blog.attrs.pop("data-bulletin-suggest")
    assert suggest == network.attrs.pop("data-bulletin-suggest") + "?blog=technology"
    assert network.attrs == blog.attrs


def test_a_blogs_name_is_escaped(client, home):
    make_blog(home, 'Tools <script>alert("x")</script>', slug="tools")
    response = client.get("/tools/")
    assert b'<script>alert("x")</script>' not in response.content
    name = soup(response).select_one(".bulletin-masthead__name a")
    assert name.get_text(strip=True) == 'Tools <script>alert("x")</script>'
