"""Addresses worked out once: a page's URL once per request, a blog route's once per
process (home.models.BasePage.get_url_parts, posts.models.archives.BlogRoutes)."""

import datetime
from unittest import mock

from django.test import RequestFactory
from django.utils import translation

from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from demo.factories import make_post
from posts.models import BlogPage


def wagtails_own():
    """Page.get_url_parts, Wagtail's, counted."""
    return mock.patch.object(Page, "get_url_parts", autospec=True, side_effect=Page.get_url_parts)


def request_for(site):
    request = RequestFactory().get("/")
    request._wagtail_site = site
    return request


def test_a_page_address_is_worked_out_once_a_request(blog):
    post = make_post(blog, "Meetup", slug="meetup", date=datetime.date(2017, 10, 10))
    site = blog.get_site()
    request = request_for(site)
    with wagtails_own() as wagtails:
        assert post.get_url(request) == "/technology/2017/10/10/meetup/"
        assert post.get_url(request) == "/technology/2017/10/10/meetup/"
        assert blog.get_url(request) == "/technology/"
        # Another copy of the same page (a listing's and the sidebar's) asks no more.
        assert BlogPage.objects.get(pk=blog.pk).get_url(request) == "/technology/"
        assert wagtails.call_count == 2
        # Another request works it out again.
        assert blog.get_url(request_for(site)) == "/technology/"
        assert wagtails.call_count == 3


def test_a_page_moved_within_the_request_gets_its_new_address(blog):
    request = request_for(blog.get_site())
    assert blog.get_url(request) == "/technology/"
    blog.slug = "tech"
    blog.save()  # Wagtail sets url_path from the slug
    assert blog.get_url(request) == "/tech/"


def test_without_a_request_nothing_is_kept(blog):
    with wagtails_own() as wagtails:
        assert blog.get_url() == "/technology/"
        assert blog.get_url() == "/technology/"
    assert wagtails.call_count == 2


def test_blog_routes_match_wagtails_and_are_reversed_once(blog):
    routes = [
        ("author", ["jane-doe"], None),
        ("category", ["open-source"], None),
        ("date_archive", None, {"year": "2017", "month": "10"}),
    ]
    for name, args, kwargs in routes:
        expected = RoutablePageMixin.reverse_subpage(blog, name, args=args, kwargs=kwargs)
        assert blog.reverse_subpage(name, args=args, kwargs=kwargs) == expected
    with mock.patch.object(BlogPage, "get_resolver") as resolver:
        for name, args, kwargs in routes:
            blog.reverse_subpage(name, args=args, kwargs=kwargs)
        assert not resolver.called


def test_blog_routes_are_kept_per_language(blog):
    english = blog.reverse_subpage("author", args=["jane-doe"])
    with mock.patch.object(BlogPage, "get_resolver", wraps=BlogPage.get_resolver) as resolver:
        with translation.override("cy"):
            assert blog.reverse_subpage("author", args=["jane-doe"]) == english
        assert resolver.called


class Unhashable(str):
    """Stands for any argument that cannot be a key."""

    __hash__ = None


def test_an_argument_that_cannot_be_kept_is_reversed_each_time(blog):
    expected = RoutablePageMixin.reverse_subpage(blog, "category", args=["open-source"])
    assert blog.reverse_subpage("category", kwargs={"slug": "open-source"}) == expected
    with mock.patch.object(BlogPage, "get_resolver", wraps=BlogPage.get_resolver) as resolver:
        assert blog.reverse_subpage("category", args=[Unhashable("open-source")]) == expected
        assert resolver.called
